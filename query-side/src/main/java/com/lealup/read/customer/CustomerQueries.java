package com.lealup.read.customer;

import com.lealup.api.customer.ContactList;
import com.lealup.api.customer.ContactView;
import com.lealup.api.customer.CustomerDetail;
import com.lealup.api.customer.CustomerFilter;
import com.lealup.api.customer.CustomerLifecycle;
import com.lealup.api.customer.CustomerList;
import com.lealup.api.customer.CustomerView;
import com.lealup.api.customer.FindContact;
import com.lealup.api.customer.FindCustomer;
import com.lealup.api.customer.FindCustomerDetail;
import com.lealup.api.customer.FindCustomerVersion;
import com.lealup.api.customer.ListContacts;
import com.lealup.api.customer.ListCustomers;
import com.lealup.api.customer.ListTrash;
import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.task.TaskView;
import com.lealup.read.health.HealthRows;
import com.lealup.read.task.TaskRows;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Answers the customer and contact queries from the customers read model. */
@Component
class CustomerQueries {

    /**
     * Read by position in {@link #customer}: a page maps 50 rows, and a name is looked up per row and column. A live
     * customer's {@code deleted_at} and {@code purge_after} are null: not read for one.
     */
    private static final String LIVE_COLUMNS = """
            id, workspace_id, name, email_domain, arr, currency, status, owner_id, segment_id, renewal_date,
            forecast_category, custom_fields::text AS custom_fields, health_score, health_status,
            health_calculated_at, created_at, updated_at, version""";
    /** The columns of {@link #LIVE_COLUMNS}: a page read whole has its rows' {@code xmin} after them. */
    private static final int LIVE_COLUMN_COUNT = LIVE_COLUMNS.split(",").length;
    private static final String COLUMNS = LIVE_COLUMNS + ", deleted_at, purge_after";
    /**
     * A customer's page in one statement, so one round trip to PostgreSQL (as three statements it cost PostgreSQL 1.6
     * times the CPU, mostly the round trips, docs/PERFORMANCE.md) and one snapshot: the customer's
     * {@link #LIVE_COLUMNS}, its health's and, one row per open task shown, the task's and the count of its open tasks
     * (null without any).
     */
    private static final String DETAIL = detail("id = ? AND workspace_id = ?", "");
    /** The pages of several customers ({@link CustomerProjection}'s updates), each customer's rows together. */
    private static final String DETAILS = detail("id = ANY(?)", "c.id, ");
    private static final int DETAIL_HEALTH = LIVE_COLUMN_COUNT + 1;
    private static final int DETAIL_TASK = DETAIL_HEALTH + HealthRows.COLUMNS.split(",").length;
    private static final int DETAIL_OPEN_TASKS = DETAIL_TASK + TaskRows.COLUMNS.split(",").length;

    private final JdbcClient jdbc;
    private final HealthRows health;
    private final KeptRows kept = new KeptRows();
    private final RowMapper<CustomerView> liveRow = (rs, row) -> customer(rs, false);
    private final RowMapper<CustomerView> trashedRow = (rs, row) -> customer(rs, true);
    private final ResultSetExtractor<List<CustomerDetail>> detailRows = this::detailsOf;

    CustomerQueries(JdbcClient jdbc, HealthRows health) {
        this.jdbc = jdbc;
        this.health = health;
    }

    /**
     * A row of {@link #COLUMNS}, or of {@link #LIVE_COLUMNS} without {@code trashed}; the custom fields' stored text is
     * written as the API writes it, not parsed.
     */
    private static CustomerView customer(ResultSet rs, boolean trashed) throws SQLException {
        int score = rs.getInt(13);
        Integer health = rs.wasNull() ? null : score;
        return new CustomerView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBigDecimal(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                localDate(rs.getDate(10)), rs.getString(11), CustomFieldsText.of(rs.getString(12)),
                health, rs.getString(14), instant(rs, 15), instant(rs, 16),
                instant(rs, 17), rs.getLong(18), trashed ? instant(rs, 19) : null, trashed ? instant(rs, 20) : null);
    }

    @QueryHandler
    Optional<CustomerView> handle(FindCustomer query) {
        return jdbc.sql("SELECT " + LIVE_COLUMNS + " FROM customer_view WHERE id = ? AND workspace_id = ? AND deleted_at IS NULL")
                .params(query.customerId(), query.workspaceId()).query(liveRow).optional();
    }

    @QueryHandler
    Optional<CustomerDetail> handle(FindCustomerDetail query) {
        return jdbc.sql(DETAIL).params(query.customerId(), query.workspaceId()).query(detailRows).stream()
                .findFirst();
    }

    /** The details of those of {@code customerIds} that are live, in one statement. */
    List<CustomerDetail> details(Collection<String> customerIds) {
        return jdbc.sql(DETAILS).param(customerIds.toArray(String[]::new)).query(detailRows);
    }

    private static String detail(String customers, String firstOrder) {
        return """
                SELECT c.*, h.*, t.* FROM (
                    SELECT %s FROM customer_view WHERE %s AND deleted_at IS NULL) c
                LEFT JOIN LATERAL (
                    SELECT %s FROM health_view WHERE customer_id = c.id AND workspace_id = c.workspace_id) h ON true
                LEFT JOIN LATERAL (
                    SELECT %s, count(*) OVER () FROM task_view WHERE customer_id = c.id AND workspace_id = c.workspace_id
                        AND status IN ('pending', 'in_progress')
                    ORDER BY due_date NULLS LAST, id LIMIT %d) t ON true
                ORDER BY %st.due_date NULLS LAST, t.id""".formatted(LIVE_COLUMNS, customers, HealthRows.COLUMNS,
                TaskRows.COLUMNS, CustomerDetail.OPEN_TASKS_SHOWN, firstOrder);
    }

    /** The customers of a {@link #detail} statement's rows, one row per open task. */
    private List<CustomerDetail> detailsOf(ResultSet rs) throws SQLException {
        List<CustomerDetail> details = new ArrayList<>();
        boolean more = rs.next();
        while (more) {
            CustomerView customer = customer(rs, false);
            CustomerHealthView current = health.current(rs, DETAIL_HEALTH, customer.id());
            List<TaskView> openTasks = new ArrayList<>();
            long openTaskCount = rs.getLong(DETAIL_OPEN_TASKS);
            do {
                if (rs.getString(DETAIL_TASK) != null) {
                    openTasks.add(TaskRows.task(rs, DETAIL_TASK));
                }
                more = rs.next();
            } while (more && rs.getString(1).equals(customer.id()));
            details.add(new CustomerDetail(customer, current, openTasks, openTaskCount));
        }
        return details;
    }

    @QueryHandler
    Long handle(FindCustomerVersion query) {
        return jdbc.sql("SELECT version FROM customer_view WHERE id = ?")
                .param(query.customerId()).query(Long.class).optional().orElse(0L);
    }

    /**
     * A page is first read as its rows' ids and tuple versions ({@code xmin}, which every change of a row renews): when
     * {@link #kept} holds each of those versions, the page is made of them, the very rows a read of every column would
     * have given at that moment. Otherwise the page is read whole, and kept. A page read again (the first page of a
     * list, by every client) costs PostgreSQL a narrow read: writing out 51 rows of 18 columns was most of its work
     * for a page, and mapping them most of the server's own (docs/PERFORMANCE.md).
     * <p>
     * A page filtered by equalities alone is planned on its first executions on a connection, not at every one.
     * PostgreSQL plans a prepared statement anew at each execution for as long as its plan for the values at hand
     * looks cheaper than its plan for any values, and the first page of a workspace holding most customers (a server
     * with one workspace), or of {@code active} ones, always did: planning was 60 % of PostgreSQL's CPU for a page.
     * So such a statement leaves the planner nothing to weigh: the workspace is a sub-select, whose value the planner
     * does not see, and the statuses (a known set) and the limit are literals; the plan is the index of the page's
     * order either way. A page with a search or a range keeps the workspace as a parameter: choosing between the
     * trigram index and the page's order needs the workspace's size.
     */
    @QueryHandler
    CustomerList handle(ListCustomers query) {
        CustomerFilter filter = query.filter();
        boolean equalitiesOnly = (filter.q() == null || filter.q().isBlank()) && filter.minArr() == null
                && filter.maxArr() == null && filter.renewalWithinDays() == null;
        StringBuilder page = new StringBuilder(" FROM customer_view WHERE workspace_id = ")
                .append(equalitiesOnly ? "(SELECT :ws)" : ":ws").append(" AND deleted_at IS NULL");
        MapSqlParameterSource params = new MapSqlParameterSource("ws", query.workspaceId());
        appendFilter(filter, page, params);
        CustomerOrder order = CustomerOrder.of(query.sort());
        order.appendAfter(query.after(), page, params);
        page.append(" ORDER BY ").append(order.orderBy()).append(" LIMIT ").append(query.limit() + 1);
        List<CustomerView> known = jdbc.sql("SELECT id, xmin" + page).paramSource(params)
                .query((rs, row) -> kept.known(rs.getString(1), rs.getLong(2))).list();
        if (!known.contains(null)) {
            return new CustomerList(known);
        }
        return new CustomerList(jdbc.sql("SELECT " + LIVE_COLUMNS + ", xmin" + page).paramSource(params)
                .query((rs, row) -> kept.keep(customer(rs, false), rs.getLong(LIVE_COLUMN_COUNT + 1))).list());
    }

    @QueryHandler
    CustomerList handle(ListTrash query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
                .append(" FROM customer_view WHERE workspace_id = :ws AND deleted_at IS NOT NULL");
        MapSqlParameterSource params = new MapSqlParameterSource("ws", query.workspaceId());
        if (!query.after().isEmpty()) {
            sql.append(" AND (deleted_at, id) < (CAST(:afterDeleted AS timestamptz), :afterId)");
            params.addValue("afterDeleted", query.after().get("deleted_at"));
            params.addValue("afterId", query.after().get("id"));
        }
        sql.append(" ORDER BY deleted_at DESC, id DESC LIMIT :limit");
        params.addValue("limit", query.limit() + 1);
        return new CustomerList(jdbc.sql(sql.toString()).paramSource(params).query(trashedRow).list());
    }

    @QueryHandler
    Optional<ContactView> handle(FindContact query) {
        return jdbc.sql("""
                        SELECT ct.*, c.version AS customer_version FROM contact_view ct
                        JOIN customer_view c ON c.id = ct.customer_id
                        WHERE ct.id = ? AND ct.customer_id = ? AND c.workspace_id = ? AND c.deleted_at IS NULL""")
                .params(query.contactId(), query.customerId(), query.workspaceId())
                .query(CustomerQueries::contact).optional();
    }

    /** Empty when the customer is not a live customer of the workspace, so the API can answer 404. */
    @QueryHandler
    Optional<ContactList> handle(ListContacts query) {
        boolean customerExists = !jdbc.sql("SELECT 1 FROM customer_view WHERE id = ? AND workspace_id = ? AND deleted_at IS NULL")
                .params(query.customerId(), query.workspaceId()).query(Integer.class).list().isEmpty();
        if (!customerExists) {
            return Optional.empty();
        }
        String afterId = query.after().getOrDefault("id", "");
        return Optional.of(new ContactList(jdbc.sql("""
                        SELECT ct.*, c.version AS customer_version FROM contact_view ct
                        JOIN customer_view c ON c.id = ct.customer_id
                        WHERE ct.customer_id = ? AND ct.id > ? ORDER BY ct.id LIMIT ?""")
                .params(query.customerId(), afterId, query.limit() + 1)
                .query(CustomerQueries::contact).list()));
    }

    private static void appendFilter(CustomerFilter filter, StringBuilder sql, MapSqlParameterSource params) {
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            sql.append(" AND status IN (").append(filter.statuses().stream().map(CustomerQueries::statusLiteral)
                    .collect(Collectors.joining(", "))).append(')');
        }
        if (filter.ownerId() != null) {
            sql.append(" AND owner_id = :owner");
            params.addValue("owner", filter.ownerId());
        }
        if (filter.segmentId() != null) {
            sql.append(" AND segment_id = :segment");
            params.addValue("segment", filter.segmentId());
        }
        if (filter.healthStatus() != null) {
            sql.append(" AND health_status = :health");
            params.addValue("health", filter.healthStatus());
        }
        if (filter.minArr() != null) {
            sql.append(" AND arr >= :minArr");
            params.addValue("minArr", filter.minArr());
        }
        if (filter.maxArr() != null) {
            sql.append(" AND arr <= :maxArr");
            params.addValue("maxArr", filter.maxArr());
        }
        if (filter.renewalWithinDays() != null) {
            sql.append(" AND renewal_date BETWEEN :today AND :renewalLimit");
            params.addValue("today", Date.valueOf(filter.today()));
            params.addValue("renewalLimit", Date.valueOf(filter.today().plusDays(filter.renewalWithinDays())));
        }
        if (filter.q() != null && !filter.q().isBlank()) {
            // search_text (name key, a space, domain) is what the trigram index serves; a q spanning the two parts,
            // "acme bar" for Acme at bar.io, is a substring of neither: the second test drops it
            sql.append(" AND search_text LIKE :q AND (name_key LIKE :q OR email_domain LIKE :q)");
            params.addValue("q", SearchText.containsPattern(filter.q().trim()));
        }
    }

    /** A status as an SQL literal: only one of the known statuses, which need no quoting. */
    private static String statusLiteral(String status) {
        if (!CustomerLifecycle.STATUSES.contains(status)) {
            throw new IllegalArgumentException("not a customer status: " + status);
        }
        return "'" + status + "'";
    }

    private static ContactView contact(ResultSet rs, int row) throws SQLException {
        return new ContactView(rs.getString("id"), rs.getString("customer_id"), rs.getString("workspace_id"),
                rs.getString("name"), rs.getString("email"), rs.getString("title"), rs.getBoolean("is_champion"),
                rs.getString("whatsapp_number"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")), rs.getLong("customer_version"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A timestamptz column: without {@link Timestamp}'s detour through the JVM's time zone. */
    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static java.time.LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }

}
