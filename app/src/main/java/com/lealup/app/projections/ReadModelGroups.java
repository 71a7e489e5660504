package com.lealup.app.projections;

import com.lealup.api.projections.ProjectionStatus;
import com.lealup.api.projections.ReadModelTables;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.config.ProcessingGroup;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * The classes of each processing group and, for a group whose every projection declares its tables
 * ({@link ReadModelTables}), those tables: such a group is replayed blue/green, any other in place.
 */
@Component
class ReadModelGroups {

    private final Map<String, List<Class<?>>> classes = new TreeMap<>();
    private final Map<String, List<String>> tables = new TreeMap<>();

    ReadModelGroups(ListableBeanFactory beans) {
        Map<String, Boolean> declared = new TreeMap<>();
        Map<String, Set<String>> declaredTables = new TreeMap<>();
        for (String bean : beans.getBeanNamesForAnnotation(ProcessingGroup.class)) {
            String group = beans.findAnnotationOnBean(bean, ProcessingGroup.class).value();
            ReadModelTables own = beans.findAnnotationOnBean(bean, ReadModelTables.class);
            classes.computeIfAbsent(group, g -> new ArrayList<>())
                    .add(ClassUtils.getUserClass(Objects.requireNonNull(beans.getType(bean))));
            declared.merge(group, own != null, Boolean::logicalAnd);
            if (own != null) {
                declaredTables.computeIfAbsent(group, g -> new LinkedHashSet<>()).addAll(List.of(own.value()));
            }
        }
        declared.forEach((group, all) -> {
            if (all) {
                tables.put(group, List.copyOf(declaredTables.get(group)));
            }
        });
    }

    boolean blueGreen(String group) {
        return tables.containsKey(group);
    }

    String mode(String group) {
        return blueGreen(group) ? ProjectionStatus.BLUE_GREEN : ProjectionStatus.IN_PLACE;
    }

    List<String> tables(String group) {
        return tables.getOrDefault(group, List.of());
    }

    List<Class<?>> projections(String group) {
        return classes.getOrDefault(group, List.of());
    }
}
