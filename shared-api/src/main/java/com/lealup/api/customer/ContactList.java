package com.lealup.api.customer;

import java.util.List;

public record ContactList(List<ContactView> rows) {
}
