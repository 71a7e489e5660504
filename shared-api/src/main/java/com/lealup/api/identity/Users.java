package com.lealup.api.identity;

import java.util.List;

/** What a user's fields may hold. */
public final class Users {

    public static final List<String> LOCALES = List.of("es", "en", "pt");

    /** Invited users count as users (they own customers, take tasks, count as admins) until deactivated. */
    public static final String INVITED = "invited";
    public static final String DEACTIVATED = "deactivated";

    private Users() {
    }
}
