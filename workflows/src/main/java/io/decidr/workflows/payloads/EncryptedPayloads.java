package io.decidr.workflows.payloads;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Temporal's payload codec for this platform: every payload a workflow or activity hands to the server (inputs,
 * results, heartbeat details, memos, summaries, signals, queries, and failures' messages) is stored encrypted with
 * AES-GCM, so the server, its database and its UI hold no tenant data in clear. The whole original payload (its
 * metadata too) is the plaintext; the stored one says {@code encoding: binary/encrypted} and the key id. A payload
 * that is not encrypted (written before encryption was turned on) is decoded as it is. The UI shows the payloads in
 * clear through the platform's codec endpoint, for operators.
 */
public final class EncryptedPayloads implements PayloadCodec {

    public static final String ENCODING = "binary/encrypted";
    static final String KEY_ID = "encryption-key-id";
    static final String CIPHER = "encryption-cipher";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);
    private static final ByteString CIPHER_BYTES = ByteString.copyFromUtf8(TRANSFORMATION);

    private final PayloadKeys keys;
    private final SecureRandom random = new SecureRandom();

    public EncryptedPayloads(PayloadKeys keys) {
        this.keys = keys;
    }

    @Override
    public List<Payload> encode(List<Payload> payloads) {
        return payloads.stream().map(this::encrypt).toList();
    }

    @Override
    public List<Payload> decode(List<Payload> payloads) {
        return payloads.stream().map(this::decrypt).toList();
    }

    /** Whether a stored payload is one of ours (encrypted). */
    public static boolean encrypted(Payload payload) {
        return ENCODING_BYTES.equals(payload.getMetadataOrDefault("encoding", ByteString.EMPTY));
    }

    private Payload encrypt(Payload payload) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        String keyId = keys.activeId();
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, keys.active(), nonce, keyId, payload.toByteArray());
        return Payload.newBuilder()
                .putMetadata("encoding", ENCODING_BYTES)
                .putMetadata(CIPHER, CIPHER_BYTES)
                .putMetadata(KEY_ID, ByteString.copyFromUtf8(keyId))
                .setData(ByteString.copyFrom(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed)
                        .array()))
                .build();
    }

    private Payload decrypt(Payload payload) {
        if (!encrypted(payload)) {
            return payload;
        }
        String keyId = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
        SecretKey key = keys.byId(keyId);
        if (key == null) {
            throw new PayloadCodecException("a Temporal payload is encrypted with key \"" + keyId
                    + "\", which this process does not have");
        }
        byte[] data = payload.getData().toByteArray();
        if (data.length <= NONCE_BYTES) {
            throw new PayloadCodecException("an encrypted Temporal payload is too short");
        }
        byte[] nonce = java.util.Arrays.copyOf(data, NONCE_BYTES);
        byte[] sealed = java.util.Arrays.copyOfRange(data, NONCE_BYTES, data.length);
        try {
            return Payload.parseFrom(cipher(Cipher.DECRYPT_MODE, key, nonce, keyId, sealed));
        } catch (InvalidProtocolBufferException e) {
            throw new PayloadCodecException(e);
        }
    }

    /** AES-GCM, the key id bound in as associated data (a payload moved under another key id fails to decrypt). */
    private static byte[] cipher(int mode, SecretKey key, byte[] nonce, String keyId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(("decidr temporal payload " + keyId).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new PayloadCodecException(mode == Cipher.DECRYPT_MODE
                    ? "an encrypted Temporal payload does not decrypt with key \"" + keyId + "\" (altered, or another"
                    + " key of that id)" : "a Temporal payload could not be encrypted", e);
        }
    }
}
