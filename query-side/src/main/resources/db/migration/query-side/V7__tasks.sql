-- Tasks (query side).
CREATE TABLE task_view (
    id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    workspace_id    VARCHAR(40)   NOT NULL,
    customer_id     VARCHAR(40)   NOT NULL,
    playbook_id     VARCHAR(40),
    playbook_run_id VARCHAR(40),
    title           VARCHAR(200)  NOT NULL,
    description     VARCHAR(5000),
    owner_id        VARCHAR(40),
    assignee_id     VARCHAR(40),
    status          VARCHAR(16)   NOT NULL,
    priority        VARCHAR(8)    NOT NULL,
    due_date        DATE,
    outcome         VARCHAR(200),
    notes           VARCHAR(5000),
    completed_at    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    version         BIGINT        NOT NULL
);
CREATE INDEX task_view_by_workspace ON task_view (workspace_id, id DESC);
CREATE INDEX task_view_open_by_customer ON task_view (customer_id, due_date) WHERE status IN ('pending', 'in_progress');
