package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.ServerText;
import io.github.mailoauth2.token.ConfigurationException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The containers' convention, read only when {@code proxy=env} opts in: the proxy in
 * {@code HTTPS_PROXY} (else {@code https_proxy}), {@code http://[user:password@]host:port} (the
 * scheme may be left out), and the hosts that go around it in {@code NO_PROXY} (else
 * {@code no_proxy}): a comma list of host names (each also matches its subdomains, written with or
 * without a leading {@code .} or {@code *.}), IP addresses and CIDR blocks, each with an optional
 * {@code :port}, or {@code *} for every host. A value that cannot be read is an error naming the
 * variable; a password in it is never shown.
 */
final class EnvironmentProxy {
    /** The value of {@code proxy} that opts in. */
    static final String OPT_IN = "env";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");

    /** {@code http://host:port}, without the credentials. */
    final URI address;
    /** The variable and the key that opted in, for messages. */
    final String where;
    /** From the URL's user info, or {@code null}. */
    final String user;
    final String password;
    private final List<Rule> direct;

    private EnvironmentProxy(URI address, String where, String user, String password, List<Rule> direct) {
        this.address = address;
        this.where = where;
        this.user = user;
        this.password = password;
        this.direct = direct;
    }

    /**
     * Reads the variables.
     *
     * @param optIn where {@code proxy=env} was set, for messages
     * @return the proxy, or {@code null} when neither {@code HTTPS_PROXY} nor {@code https_proxy} is set
     */
    static EnvironmentProxy read(UnaryOperator<String> environment, String optIn) throws ConfigurationException {
        String[] proxy = variable(environment, "HTTPS_PROXY", "https_proxy");
        if (proxy == null) {
            return null;
        }
        String where = proxy[0] + " (read because " + optIn + " is " + OPT_IN + ")";
        String value = proxy[1];
        String problem;
        try {
            URI uri = new URI(value.contains("://") ? value : "http://" + value);
            if (!"http".equalsIgnoreCase(uri.getScheme())) {
                problem = "not an http://host:port URL (the proxy is spoken to in plain HTTP, https crosses it in a tunnel;"
                        + " HTTPS and SOCKS proxies are not supported)";
            } else if (uri.getHost() == null || uri.getPort() < 0) {
                problem = "it needs a host and a port" + (value.contains("@")
                        ? " (an @, : or / in the user name or password must be percent-encoded)" : "");
            } else if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problem = "a proxy is a host and a port, without a path";
            } else {
                String userInfo = uri.getUserInfo(); // percent-escapes decoded
                int colon = userInfo == null ? -1 : userInfo.indexOf(':');
                String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
                if (user == null || !user.isEmpty()) {
                    String[] noProxy = variable(environment, "NO_PROXY", "no_proxy");
                    List<Rule> direct = noProxy == null ? List.of()
                            : rules(noProxy[0] + " (read because " + optIn + " is " + OPT_IN + ")", noProxy[1]);
                    return new EnvironmentProxy(URI.create("http://" + uri.getRawAuthority().substring(
                            uri.getRawAuthority().lastIndexOf('@') + 1)), where, user,
                            user == null ? null : colon < 0 ? "" : userInfo.substring(colon + 1), direct);
                }
                problem = "the user name before the password is empty";
            }
        } catch (URISyntaxException e) {
            problem = "not a URL (" + ServerText.clean(e.getReason(), List.of()) + ")";
        }
        throw new ConfigurationException(where + " is \"" + ServerText.clean(withoutCredentials(value), List.of()) + "\": " + problem);
    }

    /** Whether NO_PROXY sends a connection to {@code host}:{@code port} around the proxy. */
    boolean bypasses(String host, int port) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        byte[] address = literal(name);
        for (Rule rule : direct) {
            if (rule.matches(name, address, port)) {
                return true;
            }
        }
        return false;
    }

    /** The first of {@code names} that is set and not blank: {name, value}, or {@code null}. */
    private static String[] variable(UnaryOperator<String> environment, String... names) {
        for (String name : names) {
            String value = environment.apply(name);
            if (value != null && !value.isBlank()) {
                return new String[] {name, value.strip()};
            }
        }
        return null;
    }

    /** The value with whatever precedes the last {@code @} (user and password) replaced. */
    private static String withoutCredentials(String value) {
        int at = value.lastIndexOf('@');
        if (at < 0) {
            return value;
        }
        int scheme = value.indexOf("://");
        return (scheme >= 0 && scheme < at ? value.substring(0, scheme + 3) : "") + "***" + value.substring(at);
    }

    private static List<Rule> rules(String where, String value) throws ConfigurationException {
        List<Rule> rules = new ArrayList<>();
        for (String entry : value.split(",")) {
            String text = entry.strip().toLowerCase(Locale.ROOT);
            if (!text.isEmpty()) {
                Rule rule = Rule.parse(text);
                if (rule == null) {
                    throw new ConfigurationException(where + " has \"" + ServerText.clean(entry.strip(), List.of())
                            + "\", which is not a host name, an IP address, a CIDR block (each with an optional :port) or *");
                }
                rules.add(rule);
            }
        }
        return rules;
    }

    /** The address of an IP literal, or {@code null} for a name (no DNS lookup either way). */
    private static byte[] literal(String host) {
        if (!IPV4.matcher(host).matches() && !IPV6.matcher(host).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * One NO_PROXY entry: {@code domain} (and its subdomains), or {@code network}/{@code prefix}
     * bits, or everything ({@code domain} {@code *}); {@code port} 0 for any.
     */
    private record Rule(String domain, byte[] network, int prefix, int port) {
        static Rule parse(String entry) {
            if (entry.equals("*")) {
                return new Rule("*", null, 0, 0);
            }
            String host = entry;
            int port = 0;
            int colon = entry.lastIndexOf(':');
            boolean bracketed = entry.startsWith("[");
            if (bracketed ? entry.indexOf("]:") > 0 : colon > 0 && colon == entry.indexOf(':')) {
                host = entry.substring(0, colon);
                try {
                    port = Integer.parseInt(entry.substring(colon + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (port < 1 || port > 65535) {
                    return null;
                }
            }
            if (bracketed) {
                if (!host.endsWith("]")) {
                    return null;
                }
                host = host.substring(1, host.length() - 1);
            }
            int slash = host.indexOf('/');
            byte[] address = literal(slash < 0 ? host : host.substring(0, slash));
            if (slash >= 0) {
                int bits;
                try {
                    bits = Integer.parseInt(host.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
                return address == null || bits < 0 || bits > address.length * 8 ? null : new Rule(null, address, bits, port);
            }
            if (address != null) {
                return new Rule(null, address, address.length * 8, port);
            }
            String domain = host.startsWith("*.") ? host.substring(2) : host.startsWith(".") ? host.substring(1) : host;
            return DOMAIN.matcher(domain).matches() ? new Rule(domain, null, 0, port) : null;
        }

        boolean matches(String host, byte[] address, int port) {
            if (this.port != 0 && this.port != port) {
                return false;
            }
            if (domain != null) {
                return domain.equals("*") || host.equals(domain) || host.endsWith("." + domain);
            }
            if (address == null || address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
