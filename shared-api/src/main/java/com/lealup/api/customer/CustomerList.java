package com.lealup.api.customer;

import java.util.List;

public record CustomerList(List<CustomerView> rows) {
}
