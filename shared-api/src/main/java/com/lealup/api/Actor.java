package com.lealup.api;

/** Who caused a change: an API key, a user, the operator or the system itself (policies). */
public record Actor(String type, String id) {

    public static final String API_KEY = "api_key";
    public static final String USER = "user";
    public static final String OPERATOR = "operator";
    public static final String SYSTEM = "system";
}
