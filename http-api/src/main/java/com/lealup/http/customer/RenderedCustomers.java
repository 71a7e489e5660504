package com.lealup.http.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.lealup.api.customer.CustomerView;
import com.lealup.http.support.RenderedJson;
import org.springframework.stereotype.Component;

/**
 * The JSON of a customer in a list, kept per customer with the row it was written from: a list page read again (the
 * first page of a list, by every client) is written from kept text instead of serialising its 50 customers, which
 * was the largest cost of a page of its own. It is used only for a row equal to the one kept, every column of
 * {@link CustomerView} (the workspace among them), so it is the very text the application's mapper writes for the
 * row read now: a write changes the customer's version and {@code updated_at}, a score its health, and the next read
 * renders the new row (what a request reads is what it gets, read-your-writes unchanged). Found by id, then compared
 * (hashing the whole row as the key cost as much as the comparison). Bounded by the size of the text kept; the least
 * used customers go first.
 */
@Component
class RenderedCustomers {

    /**
     * Characters of text kept: some 16,000 customers of the bench's size (500 characters each), about 40 MB of heap
     * with their UTF-8 bytes and the rows they were written from.
     */
    private static final long MAX_CHARS = 8_000_000;

    private final ObjectMapper json;
    private final Cache<String, Rendered> rendered = Caffeine.newBuilder().maximumWeight(MAX_CHARS)
            .weigher((String id, Rendered kept) -> kept.json().json().length()).build();

    RenderedCustomers(ObjectMapper json) {
        this.json = json;
    }

    RenderedJson<CustomerJson> of(CustomerView customer) {
        Rendered kept = rendered.getIfPresent(customer.id());
        if (kept != null && (kept.row() == customer || kept.row().equals(customer))) {
            return kept.json();
        }
        // two requests reading two versions of a row may race here: each answers its own row's text
        Rendered fresh = new Rendered(customer, new RenderedJson<>(render(customer)));
        rendered.put(customer.id(), fresh);
        return fresh.json();
    }

    private String render(CustomerView customer) {
        try {
            return json.writeValueAsString(CustomerJson.of(customer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("customer " + customer.id() + " could not be written", e);
        }
    }

    private record Rendered(CustomerView row, RenderedJson<CustomerJson> json) {
    }
}
