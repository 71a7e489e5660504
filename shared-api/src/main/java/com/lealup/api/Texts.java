package com.lealup.api;

import java.util.regex.Pattern;

/**
 * A text of several lines (a description, a task's notes): its tabs and line breaks are part of it, every other
 * control character (an escape, a bell, DEL, C1) is not. A name is one line: {@link Names}.
 */
public final class Texts {

    /** The controls a text must not hold, as a class's body: every one but tab, line feed and carriage return. */
    private static final String CONTROLS = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F";
    /**
     * The OpenAPI {@code pattern} (ECMA-262) of a text that may not be blank: one character at least that is neither
     * white space nor a control, no control but tab and line breaks except in the white space around it.
     */
    public static final String PATTERN = "^\\s*[^" + CONTROLS + "]*[^\\s" + CONTROLS + "][^" + CONTROLS + "]*\\s*$";
    private static final Pattern WITHOUT_CONTROLS = Pattern.compile("[^" + CONTROLS + "]*");

    private Texts() {
    }

    /** Whether {@code text} holds a control character other than tab, line feed and carriage return. */
    public static boolean holdsControls(String text) {
        return !WITHOUT_CONTROLS.matcher(text).matches();
    }
}
