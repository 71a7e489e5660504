package com.lealup.api.identity;

import java.util.List;

/** Workspace tiers; a tier sets the workspace's rate limits. */
public final class Tiers {

    public static final String FREE = "free";
    public static final String GROWTH = "growth";
    public static final String SCALE = "scale";
    public static final String ENTERPRISE = "enterprise";

    public static final List<String> ALL = List.of(FREE, GROWTH, SCALE, ENTERPRISE);

    private Tiers() {
    }
}
