package io.decidr.platform.abuse;

/** Shortening texts for reports, so a 20 MiB body shows as its first few hundred characters. */
final class Texts {

    private Texts() {
    }

    static String cut(String text, int max) {
        String flat = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return flat.length() <= max ? flat : flat.substring(0, max) + "…(" + flat.length() + " chars)";
    }
}
