package com.lealup.app.axon;

import com.lealup.api.customer.ContactAdded;
import com.lealup.api.customer.ContactFields;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerFields;
import com.lealup.write.customer.InMemoryCustomerKeys;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * The CPU cost of sealing personal data in the event format, per event, sealed against clear in alternating rounds
 * (bench/gdpr.sh runs it; not a test: its name keeps it out of the build's test runs). The events are a customer's
 * creation (name, email domain, two custom fields) and a contact (name, email, title, phone): what a create writes.
 */
class PersonalDataFormatBench {

    private static final int EVENTS = 20_000;
    private static final int ROUNDS = 7;

    @Test
    void sealingCostPerEvent() {
        InMemoryCustomerKeys keys = new InMemoryCustomerKeys();
        Serializer clear = EventFormat.serializer(new PersonalDataFormat(keys, false));
        Serializer sealed = EventFormat.serializer(new PersonalDataFormat(keys, true));
        List<Object> events = List.of(
                new CustomerCreated("cus_01JD3BENCH", "wsp_1", new CustomerFields("Renée Dupont", "dupont.example",
                        new BigDecimal("12000"), "EUR", "active", null, null, LocalDate.parse("2027-06-30"), "pipeline",
                        Map.of("contact", "renee@dupont.example", "seats", 12)), Instant.now()),
                new ContactAdded("cus_01JD3BENCH", "wsp_1", "con_1", new ContactFields("Renée Dupont",
                        "renee@dupont.example", "CFO", true, "+33612345678"), Instant.now()));
        List<List<Double>> write = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Double>> read = List.of(new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round <= ROUNDS; round++) {
            for (int which : round % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0}) {
                Serializer serializer = which == 0 ? clear : sealed;
                double[] cost = cost(serializer, events);
                if (round > 0) { // round 0 warms the code up
                    write.get(which).add(cost[0]);
                    read.get(which).add(cost[1]);
                }
            }
        }
        System.out.printf("event format, per event (median of %d rounds of %,d events): write clear %.1f us, sealed %.1f us;"
                        + " read clear %.1f us, sealed %.1f us%n", ROUNDS, EVENTS, median(write.get(0)),
                median(write.get(1)), median(read.get(0)), median(read.get(1)));
    }

    /** Microseconds per event to write, then to read back, {@link #EVENTS} events. */
    private static double[] cost(Serializer serializer, List<Object> events) {
        List<SerializedObject<byte[]>> stored = new ArrayList<>(EVENTS);
        long t0 = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            stored.add(serializer.serialize(events.get(i % events.size()), byte[].class));
        }
        long t1 = System.nanoTime();
        for (SerializedObject<byte[]> each : stored) {
            serializer.deserialize(each);
        }
        long t2 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e3 / EVENTS, (t2 - t1) / 1e3 / EVENTS};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
