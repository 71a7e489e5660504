package com.lealup.read.customer;

import static com.lealup.read.ReadModelDatabase.assertRedeliveryAndReplaysRebuild;
import static com.lealup.read.ReadModelDatabase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.ContactAdded;
import com.lealup.api.customer.ContactFields;
import com.lealup.api.customer.ContactRemoved;
import com.lealup.api.customer.ContactUpdated;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerDetail;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.customer.FindCustomerDetail;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.api.health.HealthTrigger;
import com.lealup.read.ReadModelDatabase;
import com.lealup.read.health.HealthRows;
import com.lealup.testing.ProcessingOrders;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The customers read model from its events: a patch of only what changed, contacts, the trash, health. */
class CustomerProjectionTest {

    private static final String WS = "wsp_customers_test";
    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");

    private final JdbcClient jdbc = ReadModelDatabase.jdbc();
    private final SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
    private final CustomerProjection projection = new CustomerProjection(jdbc,
            new JdbcTemplate(ReadModelDatabase.dataSource()), new ObjectMapper(),
            emitter, new CustomerQueries(jdbc, new HealthRows(new ObjectMapper())));

    @BeforeEach
    void history() {
        Map<String, Object> custom = new HashMap<>(Map.of("tier", "Platinum", "region", "EU"));
        projection.on(new CustomerCreated("cus_a", WS, new CustomerFields("Acme Córp", "acme.com",
                new BigDecimal("145000"), "USD", "active", "usr_ana", "seg_1", LocalDate.parse("2027-06-15"), "pipeline",
                custom), T0), 0);
        Map<String, Object> changes = new HashMap<>();
        changes.put("tier", "Gold");
        changes.put("region", null);
        projection.on(new CustomerUpdated("cus_a", WS, new CustomerFields(null, "acme.io", new BigDecimal("200000"),
                null, null, null, null, null, "commit", changes), Set.of(CustomerFields.OWNER_ID,
                CustomerFields.RENEWAL_DATE), T0.plusSeconds(60)), 1);
        ContactFields maria = new ContactFields("Maria", "maria@acme.io", "VP", true, "+56911112222");
        projection.on(new ContactAdded("cus_a", WS, "con_1", maria, T0.plusSeconds(120)), 2);
        projection.on(new ContactUpdated("cus_a", WS, "con_1", new ContactFields("Maria P.", null, null, null, null),
                Set.of(ContactFields.TITLE), T0.plusSeconds(180)), 3);
        projection.on(new ContactAdded("cus_a", WS, "con_2", new ContactFields("Juan", "juan@acme.io", null, null, null),
                T0.plusSeconds(240)), 4);
        projection.on(new ContactRemoved("cus_a", WS, "con_2", T0.plusSeconds(300)), 5);
        projection.on(new HealthScoreCalculated("cus_a", WS, 1, 55, "at_risk", null, null, 1, List.of(),
                T0.plusSeconds(360), HealthTrigger.EVENTS));

        projection.on(created("cus_b", "beta.com"), 0);
        projection.on(new CustomerDeleted("cus_b", WS, T0.plusSeconds(60), T0.plusSeconds(60 + 30 * 86400)), 1);
        projection.on(new CustomerRestored("cus_b", WS, T0.plusSeconds(120)), 2);
        projection.on(new CustomerUpdated("cus_b", WS, new CustomerFields(null, null, null, null, null, "usr_bob", null,
                LocalDate.parse("2027-01-31"), null, null), Set.of(), T0.plusSeconds(180)), 3);

        projection.on(created("cus_c", "gamma.com"), 0);
        projection.on(new CustomerDeleted("cus_c", WS, T0.plusSeconds(60), T0.plusSeconds(60 + 30 * 86400)), 1);
        projection.on(new ContactAdded("cus_c", WS, "con_3", maria, T0.plusSeconds(90)), 2);
        projection.on(new CustomerPurged("cus_c", WS, T0.plusSeconds(120)), 3);
    }

    @Test
    void aWriteWaitingOnTheCustomerIsAnsweredOnlyAfterTheBatchCommits() {
        List<Object> updates = new ArrayList<>();
        emitter.registerUpdateHandler(new GenericSubscriptionQueryMessage<>(new FindCustomerDetail(WS, "cus_new"),
                        ResponseTypes.optionalInstanceOf(CustomerDetail.class),
                        ResponseTypes.instanceOf(CustomerDetail.class)), 8)
                .getUpdates().subscribe(update -> updates.add(update.getPayload()));
        try {
            new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("created"))).execute(() -> {
                CurrentUnitOfWork.get().onCommit(unit -> assertThat(updates).as("before the commit").isEmpty());
                projection.on(created("cus_new", "new.com"), 0);
            });
            assertThat(updates).hasSize(1);
        } finally {
            projection.on(new CustomerPurged("cus_new", WS, T0.plusSeconds(60)), 1);
        }
    }

    @Test
    void anUpdateChangesOnlyWhatItNamesAndClearsWhatItClears() {
        Map<String, Object> acme = jdbc.sql("SELECT * FROM customer_view WHERE id = 'cus_a'").query().singleRow();
        assertThat(acme).containsEntry("name", "Acme Córp").containsEntry("email_domain", "acme.io")
                .containsEntry("currency", "USD").containsEntry("status", "active").containsEntry("segment_id", "seg_1")
                .containsEntry("owner_id", null).containsEntry("renewal_date", null)
                .containsEntry("forecast_category", "commit").containsEntry("version", 6L)
                .containsEntry("health_score", 55).containsEntry("health_status", "at_risk");
        assertThat((BigDecimal) acme.get("arr")).isEqualByComparingTo("200000");
        assertThat(acme.get("custom_fields").toString()).isEqualTo("{\"tier\": \"Gold\"}");
        assertThat(acme.get("search_text")).as("the name's key and the new domain").isEqualTo("acme corp acme.io");
    }

    @Test
    void contactsFollowTheirEventsAndThePurgeTakesEverything() {
        assertThat(jdbc.sql("SELECT id, name, title, is_champion FROM contact_view WHERE workspace_id = ?").params(WS)
                .query().listOfRows())
                .extracting(r -> r.get("id") + " " + r.get("name") + " " + r.get("title") + " " + r.get("is_champion"))
                .as("con_2 removed, con_3 purged with its customer, con_1's title cleared")
                .containsExactly("con_1 Maria P. null true");
        assertThat(jdbc.sql("SELECT id, deleted_at, version FROM customer_view WHERE workspace_id = ? ORDER BY id")
                .params(WS).query().listOfRows())
                .extracting(r -> r.get("id") + " " + r.get("deleted_at") + " " + r.get("version"))
                .containsExactly("cus_a null 6", "cus_b null 4");
        assertThat(jdbc.sql("SELECT renewal_date, owner_id, custom_fields::text FROM customer_view WHERE id = 'cus_b'")
                .query().singleRow())
                .containsEntry("renewal_date", java.sql.Date.valueOf("2027-01-31")).containsEntry("owner_id", "usr_bob")
                .containsEntry("custom_fields", "{}");
    }

    @Test
    void redeliveryChangesNothingAndReplaysRebuildTheSameRows() {
        assertRedeliveryAndReplaysRebuild(CustomerProjectionTest::allRows, this::history, projection::reset);
    }

    /** In a workspace of its own: what it leaves is no part of the history above. */
    @Test
    void aScoreOfANewCustomerShowsWhicheverSegmentHandlesItsEventsFirst() {
        String ws = "wsp_customers_scored_test";
        List<List<EventMessage<?>>> orders = ProcessingOrders.of(
                ProcessingOrders.registeredFor(CustomerProjection.PROCESSING_GROUP,
                        new CustomerProcessingConfiguration().customersSequencedByCustomer()),
                ProcessingOrders.ofAggregate("Customer", "cus_scored", 0, new CustomerCreated("cus_scored", ws,
                        new CustomerFields("Scored", "scored.com", BigDecimal.ONE, "USD", "active", null, null, null,
                                "pipeline", Map.of()), T0), ws),
                ProcessingOrders.ofNoAggregate(new HealthScoreCalculated("cus_scored", ws, 1, 72, "healthy", null, null,
                        1, List.of(), T0.plusSeconds(1), HealthTrigger.EVENTS), ws));

        for (List<EventMessage<?>> order : orders) {
            jdbc.sql("DELETE FROM customer_view WHERE workspace_id = ?").param(ws).update();
            ProcessingOrders.handle(projection, order);
            assertThat(jdbc.sql("SELECT health_score FROM customer_view WHERE id = 'cus_scored'").query(Integer.class)
                    .list()).as("the score after %s", ProcessingOrders.describe(order)).containsExactly(72);
        }
    }

    private static List<String> allRows() {
        List<String> rows = new java.util.ArrayList<>(rows("customer_view", "workspace_id = ?", WS));
        rows.addAll(rows("contact_view", "workspace_id = ?", WS));
        return rows;
    }

    private static CustomerCreated created(String id, String domain) {
        return new CustomerCreated(id, WS, new CustomerFields(domain, domain, BigDecimal.ONE, "USD", "trial", null, null,
                null, "pipeline", Map.of()), T0);
    }
}
