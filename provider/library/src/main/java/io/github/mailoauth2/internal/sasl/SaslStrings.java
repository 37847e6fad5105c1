package io.github.mailoauth2.internal.sasl;

import io.github.mailoauth2.internal.CommandLineToolkit;

/**
 * The initial client responses of XOAUTH2 and OAUTHBEARER, before base64: what the SASL clients
 * send, and what the command line's {@code string} command prints.
 */
@CommandLineToolkit
public final class SaslStrings {
    private SaslStrings() {
    }

    /** Google's XOAUTH2: {@code user=USER ^A auth=Bearer TOKEN ^A ^A}. */
    public static String xoauth2(String user, String token) {
        return "user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001";
    }

    /** RFC 7628 OAUTHBEARER: a GS2 header naming the user, then {@code host}, {@code port} and {@code auth}. */
    public static String oauthBearer(String user, String host, int port, String token) {
        return "n,a=" + saslName(user) + ",\u0001host=" + host + "\u0001port=" + port
                + "\u0001auth=Bearer " + token + "\u0001\u0001";
    }

    /** RFC 5801 saslname: ',' and '=' are escaped as =2C and =3D. */
    static String saslName(String user) {
        return user.replace("=", "=3D").replace(",", "=2C");
    }
}
