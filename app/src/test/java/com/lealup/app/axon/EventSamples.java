package com.lealup.app.axon;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deterministic instance of an event record, every component set (nested records, lists, sets and maps one
 * element deep, maps of values with a text, an integer, a decimal and a boolean): what a golden sample of a
 * new event type starts from.
 */
final class EventSamples {

    private static final Instant AT = Instant.parse("2026-03-01T08:30:15.123456Z");

    private EventSamples() {
    }

    static Object of(Class<?> type) {
        return value(type, type, type.getSimpleName());
    }

    private static Object value(Class<?> raw, Type generic, String name) {
        if (raw == String.class) {
            return name + "-sample";
        }
        if (raw == Instant.class) {
            return AT;
        }
        if (raw == LocalDate.class) {
            return LocalDate.of(2026, 9, 30);
        }
        if (raw == BigDecimal.class) {
            return new BigDecimal("12345.50");
        }
        if (raw == int.class || raw == Integer.class) {
            return 7;
        }
        if (raw == long.class || raw == Long.class) {
            return 42L;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == double.class || raw == Double.class) {
            return 0.25;
        }
        if (raw == Object.class) {
            return new BigDecimal("3.75");
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw == List.class || raw == Set.class) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            Object one = value(rawOf(element), element, name);
            return raw == List.class ? List.of(one) : new LinkedHashSet<>(List.of(one));
        }
        if (raw == Map.class) {
            Type keyType = ((ParameterizedType) generic).getActualTypeArguments()[0];
            Type valueType = ((ParameterizedType) generic).getActualTypeArguments()[1];
            Map<Object, Object> map = new LinkedHashMap<>();
            if (rawOf(valueType) == Object.class) {
                map.put("tier", "Platinum");
                map.put("seats", 120);
                map.put("ratio", new BigDecimal("0.25"));
                map.put("vip", true);
            } else {
                Object key = rawOf(keyType) == String.class ? "key" : value(rawOf(keyType), keyType, name);
                map.put(key, value(rawOf(valueType), valueType, name));
            }
            return map;
        }
        if (raw.isRecord()) {
            RecordComponent[] components = raw.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = value(types[i], components[i].getGenericType(), components[i].getName());
            }
            try {
                Constructor<?> constructor = raw.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a sample of " + raw.getName(), e);
            }
        }
        throw new IllegalArgumentException("no sample value for " + generic.getTypeName() + " " + name
                + ": teach EventSamples, or write the sample by hand");
    }

    private static Class<?> rawOf(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
