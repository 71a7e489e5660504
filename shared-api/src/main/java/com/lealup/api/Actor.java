package com.lealup.api;

/**
 * Who caused a change: an API key, a user, the operator, or automation: the system itself (policies, health
 * rescoring, sweeps), a playbook's actions (the playbook's id) or an import job (the job's id).
 */
public record Actor(String type, String id) {

    public static final String API_KEY = "api_key";
    public static final String USER = "user";
    public static final String OPERATOR = "operator";
    public static final String SYSTEM = "system";
    public static final String PLAYBOOK = "playbook";
    public static final String IMPORT = "import";
}
