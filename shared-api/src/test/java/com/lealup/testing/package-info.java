/**
 * What the tests of every module share, published as shared-api's test-jar (test scope only): the one test clock,
 * the embedded PostgreSQL with the server's schema, and the orders a processing group may handle events in
 * ({@link com.lealup.testing.ProcessingOrders}).
 */
package com.lealup.testing;
