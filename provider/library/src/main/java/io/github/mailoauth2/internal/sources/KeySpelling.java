package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reports a key under an {@code oauth2} prefix that no one reads, with the key it probably meant. */
final class KeySpelling {
    private KeySpelling() {
    }

    static void check(OAuth2Config config, Set<String> known) throws ConfigurationException {
        for (Map.Entry<String, String> key : config.keysSet().entrySet()) {
            if (!known.contains(key.getKey())) {
                String suggestion = closest(key.getKey(), known);
                throw new ConfigurationException(key.getValue() + " is not a mail-oauth2 setting"
                        + (suggestion == null ? "" : "; did you mean " + suggestion + "?")
                        + " See docs/configuration.md for the keys");
            }
        }
    }

    private static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int d = distance(key.replace('_', '-').toLowerCase(Locale.ROOT), candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
