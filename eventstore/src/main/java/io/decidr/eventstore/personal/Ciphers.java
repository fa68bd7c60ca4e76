package io.decidr.eventstore.personal;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/** AES-GCM ciphers, one per thread, initialized afresh for each use: looking one up costs more than sealing a value. */
public final class Ciphers {

    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(Ciphers::newAesGcm);
    /**
     * Apart from the data keys' ciphers: a cipher given the key it had last keeps that key's schedule (AES's round
     * keys), which a master key, used for every new data key, then never has to expand again.
     */
    private static final ThreadLocal<Cipher> MASTER_AES_GCM = ThreadLocal.withInitial(Ciphers::newAesGcm);

    private Ciphers() {
    }

    /** This thread's AES-GCM cipher; the caller initializes it (a new nonce each time) before using it. */
    public static Cipher aesGcm() {
        return AES_GCM.get();
    }

    /** This thread's AES-GCM cipher for master keys (wrapping and unwrapping data keys), as {@link #aesGcm()}. */
    static Cipher masterAesGcm() {
        return MASTER_AES_GCM.get();
    }

    private static Cipher newAesGcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
