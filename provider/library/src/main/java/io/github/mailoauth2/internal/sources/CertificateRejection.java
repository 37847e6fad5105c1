package io.github.mailoauth2.internal.sources;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Whether a failure is the server's certificate being refused (untrusted, expired, issued for another
 * host): no retry changes that, unlike a reset connection or a handshake the network cut short.
 */
final class CertificateRejection {
    /** Causes nest a few levels deep (SSLHandshakeException, ValidatorException, SunCertPathBuilderException). */
    private static final int MAX_DEPTH = 16;

    private CertificateRejection() {
    }

    static boolean in(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathValidatorException
                    || t instanceof CertPathBuilderException || t instanceof SSLPeerUnverifiedException) {
                return true;
            }
        }
        return false;
    }
}
