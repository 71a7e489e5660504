package com.lealup.api.identity;

import java.util.List;

/** Roles of users and API keys; what each role may do is the http-api's {@code Rights} table. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String MANAGER = "manager";
    public static final String CSM = "csm";
    public static final String VIEWER = "viewer";

    public static final List<String> ALL = List.of(ADMIN, MANAGER, CSM, VIEWER);

    private Roles() {
    }
}
