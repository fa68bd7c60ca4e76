package io.decidr.eventstore.personal;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/** AES-GCM ciphers, one per thread, initialized afresh for each use: looking one up costs more than sealing a value. */
public final class Ciphers {

    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });

    private Ciphers() {
    }

    /** This thread's AES-GCM cipher; the caller initializes it (a new nonce each time) before using it. */
    public static Cipher aesGcm() {
        return AES_GCM.get();
    }
}
