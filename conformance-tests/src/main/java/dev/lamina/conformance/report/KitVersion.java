package dev.lamina.conformance.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this kit, as the build wrote it into {@code kit.properties}. */
final class KitVersion {
    /** What a report says when the version is not known (a {@code lamina-conformance/1} file). */
    static final String UNKNOWN = "unknown";

    private static final String VERSION = load();

    private KitVersion() {
    }

    static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = KitVersion.class.getResourceAsStream("kit.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", UNKNOWN).trim();
            return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
