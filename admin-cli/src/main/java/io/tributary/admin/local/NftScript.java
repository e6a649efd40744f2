package io.tributary.admin.local;

import java.util.Collection;
import java.util.Locale;

/**
 * The nftables rules behind {@code tributary local isolate|partition|heal}, as text for
 * {@code nft -f -}. Each cluster gets its own table (named after its cluster id) holding a filter
 * chain on the input and the output hook, so {@code heal} removes exactly this cluster's cuts in one
 * step and leaves every other rule on the machine alone. Rules match by source and destination
 * address, which works because every node binds its listeners and its outgoing connections to its
 * own loopback address. Pure: no I/O.
 */
public final class NftScript {
    private NftScript() {
    }

    /** {@code tributary_<cluster id>}, reduced to the characters nft accepts in a bare identifier. */
    public static String table(String clusterId) {
        String id = clusterId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return "tributary_" + (id.length() > 16 ? id.substring(0, 16) : id);
    }

    /** Drops every packet between any address of {@code side} and any address of {@code from}, both ways. */
    public static String partition(String table, Collection<String> side, Collection<String> from) {
        StringBuilder s = new StringBuilder(setup(table));
        for (String a : side) {
            for (String b : from) {
                if (a.equals(b)) {
                    throw new IllegalArgumentException("Address " + a + " is on both sides of the partition");
                }
                for (String chain : new String[] {"input", "output"}) {
                    s.append("add rule inet ").append(table).append(' ').append(chain)
                            .append(" ip saddr ").append(a).append(" ip daddr ").append(b).append(" drop\n");
                    s.append("add rule inet ").append(table).append(' ').append(chain)
                            .append(" ip saddr ").append(b).append(" ip daddr ").append(a).append(" drop\n");
                }
            }
        }
        return s.toString();
    }

    /** Removes the table with every cut in it; a no-op when there is none (nft has no "delete if exists"). */
    public static String heal(String table) {
        return setup(table) + "delete table inet " + table + "\n";
    }

    /** Creating the table and chains is idempotent in nft, so a second cut adds to the first. */
    private static String setup(String table) {
        return "add table inet " + table + "\n"
                + "add chain inet " + table + " input { type filter hook input priority -10; policy accept; }\n"
                + "add chain inet " + table + " output { type filter hook output priority -10; policy accept; }\n";
    }
}
