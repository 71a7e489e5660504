package com.lealup.api.integration;

import java.util.List;

public record IntegrationList(List<IntegrationView> rows) {
}
