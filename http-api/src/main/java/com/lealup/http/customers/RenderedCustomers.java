package com.lealup.http.customers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.lealup.api.customer.CustomerView;
import com.lealup.http.support.RenderedJson;
import org.springframework.stereotype.Component;

/**
 * The JSON of a customer in a list, kept per row as read: a list page read again (the first page of a list, by every
 * client) is written from text instead of serialising its 50 customers, which was the largest cost of a page of
 * its own. The key is the whole row, every column of {@link CustomerView} (the workspace among them), so a hit is
 * the very text the application's mapper writes for that row: a write changes the customer's version and
 * {@code updated_at}, a score its health, and the next read renders the new row (what a request reads is what it
 * gets, read-your-writes unchanged). Bounded by the size of the text kept; the least used rows go first.
 */
@Component
class RenderedCustomers {

    /**
     * Characters of text kept: some 16,000 customers of the bench's size (500 characters each), about 25 MB of heap
     * with the rows that key them.
     */
    private static final long MAX_CHARS = 8_000_000;

    private final ObjectMapper json;
    private final Cache<CustomerView, String> rendered = Caffeine.newBuilder().maximumWeight(MAX_CHARS)
            .weigher((CustomerView row, String text) -> text.length()).build();

    RenderedCustomers(ObjectMapper json) {
        this.json = json;
    }

    RenderedJson<CustomerJson> of(CustomerView customer) {
        return new RenderedJson<>(rendered.get(customer, this::render));
    }

    private String render(CustomerView customer) {
        try {
            return json.writeValueAsString(CustomerJson.of(customer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("customer " + customer.id() + " could not be written", e);
        }
    }
}
