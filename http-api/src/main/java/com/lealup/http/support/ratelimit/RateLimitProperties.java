package com.lealup.http.support.ratelimit;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lealup.rate-limits.*}: the limit and window of each {@link LimitClass} (the free and growth tiers), the
 * multiplier of each tier (an unknown tier gets 1), and how often each node reconciles its counts with the others.
 */
@ConfigurationProperties("lealup.rate-limits")
public record RateLimitProperties(Duration syncInterval, Map<LimitClass, Window> classes, Map<String, Integer> tierMultipliers) {

    public record Window(long limit, Duration window) {
    }

    public RateLimitProperties {
        syncInterval = syncInterval == null ? Duration.ofMillis(200) : syncInterval;
        classes = Map.copyOf(classes);
        tierMultipliers = tierMultipliers == null ? Map.of() : Map.copyOf(tierMultipliers);
    }

    Window window(LimitClass limitClass) {
        Window window = classes.get(limitClass);
        if (window == null) {
            throw new IllegalStateException("lealup.rate-limits.classes has no entry for " + limitClass.key());
        }
        return window;
    }

    long limit(LimitClass limitClass, String tier) {
        return window(limitClass).limit() * (tier == null ? 1 : tierMultipliers.getOrDefault(tier, 1));
    }

    Duration longestWindow() {
        return classes.values().stream().map(Window::window).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
