/**
 * What the tests of every module share, published as shared-api's test-jar (test scope only): the one test clock
 * and the embedded PostgreSQL with the server's schema.
 */
package com.lealup.testing;
