package com.lealup.read.analytics;

/** A batch's changes to a projection of one row per customer and of the sums those rows add to. */
record CustomerChanges<R, K, V>(CustomerRows<R> customers, Sums<K, V> sums) implements AnalyticsBatch.Changes {

    @Override
    public void write() {
        customers.write();
        sums.write();
    }
}
