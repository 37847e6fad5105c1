package io.github.mailoauth2.internal.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.MailOAuth2;
import java.util.Map;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.Test;

class OAuth2SaslProviderTest {

    @Test
    void saslCreatesOurClientsOnceInstalled() throws SaslException {
        MailOAuth2.install();

        SaslClient xoauth2 = Sasl.createSaslClient(new String[] {"XOAUTH2"}, null, "imap", "h", Map.of(),
                Clients.connectAs("u", "t"));
        SaslClient bearer = Sasl.createSaslClient(new String[] {"PLAIN-NOT-OURS", "OAUTHBEARER"}, null, "smtp", "h", Map.of(),
                Clients.connectAs("u", "t"));

        assertThat(xoauth2).isInstanceOf(XOAuth2Client.class);
        assertThat(bearer).isInstanceOf(OAuthBearerClient.class);
    }

    @Test
    void aNoPlaintextPolicyStillGetsOurClientSoThatTheMailLibrarysOwnCannotSendTheTokenInstead() {
        OAuth2SaslClientFactory factory = new OAuth2SaslClientFactory((protocol, props) -> null);

        assertThat(factory.createSaslClient(new String[] {"XOAUTH2"}, null, "imap", "h",
                Map.of(Sasl.POLICY_NOPLAINTEXT, "true"), Clients.connectAs("u", "t"))).isInstanceOf(XOAuth2Client.class);
        assertThat(factory.getMechanismNames(Map.of(Sasl.POLICY_NOPLAINTEXT, "true"))).containsExactly("XOAUTH2", "OAUTHBEARER");
    }
}
