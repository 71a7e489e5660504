package com.lealup.api.playbook;

/**
 * One action of a playbook, flat so that it serialises as the API shows it; fields of other types are null.
 * {@code create_task}: {@code title}, {@code description}, {@code assignee} ({@code owner} or a user id),
 * {@code dueInDays}, {@code priority}. {@code notify}: {@code channel} ({@code slack} or {@code webhook}) and
 * {@code target}. {@code set_custom_field}: {@code key} and {@code value} (text, number or boolean).
 */
public record PlaybookAction(String type, String title, String description, String assignee, Integer dueInDays,
                             String priority, String channel, String target, String key, Object value) {

    public static final String CREATE_TASK = "create_task";
    public static final String NOTIFY = "notify";
    public static final String SET_CUSTOM_FIELD = "set_custom_field";
    /** The assignee that stands for the customer's owner when the task is created. */
    public static final String OWNER = "owner";
}
