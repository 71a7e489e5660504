package com.lealup.api;

/**
 * The name of a workspace, an API key or a territory: not blank, at most {@value #MAX_LENGTH} characters. The write
 * side enforces it; the OpenAPI document states it.
 */
public final class Names {

    public static final int MAX_LENGTH = 200;

    private Names() {
    }

    /** The name as it is kept: without the blanks around it (null stays null, for the write side's "required"). */
    public static String trimmed(String name) {
        return name == null ? null : name.trim();
    }
}
