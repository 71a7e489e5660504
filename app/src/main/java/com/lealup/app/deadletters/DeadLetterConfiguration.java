package com.lealup.app.deadletters;

import com.lealup.api.projections.Lingers;
import com.lealup.api.projections.ParkedOutsideItsProcessor;
import com.lealup.app.cluster.Role;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Every processing group gets a dead-letter queue per sequence (Axon's, in {@code dead_letter_entry}): an event
 * its handler cannot apply parks its own sequence (a customer, a task... as the group's sequencing policy says)
 * and the processor goes on with every other sequence, of every workspace. Later events of a parked sequence
 * join it, in order, so nothing is applied out of order. Operators see, retry and evict letters through
 * {@code /v1/admin/dead-letters}; health and metrics show them ({@link ProcessorHealth}).
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    /** Far beyond what a healthy system parks; reaching it fails the processor's batch, retried with back-off. */
    private static final int MAX_SEQUENCES = 100_000;
    private static final int MAX_SEQUENCE_SIZE = 100_000;

    @Bean
    HandlerIsolation handlerIsolation(DataSource dataSource) {
        return new HandlerIsolation(dataSource);
    }

    @Bean
    ProcessingGroups processingGroups(ListableBeanFactory beans) {
        Map<String, Boolean> replayable = new TreeMap<>();
        Map<String, Role> roles = new TreeMap<>();
        Map<String, Boolean> lingering = new TreeMap<>();
        Set<String> parkedOutside = new TreeSet<>();
        for (String bean : beans.getBeanNamesForAnnotation(ProcessingGroup.class)) {
            String group = beans.findAnnotationOnBean(bean, ProcessingGroup.class).value();
            Class<?> type = ClassUtils.getUserClass(beans.getType(bean));
            boolean disallowsReplay = beans.findAnnotationOnBean(bean, DisallowReplay.class) != null
                    || disallowsReplayOfAHandler(type);
            replayable.merge(group, !disallowsReplay, Boolean::logicalAnd);
            lingering.merge(group, beans.findAnnotationOnBean(bean, Lingers.class) != null, Boolean::logicalAnd);
            if (beans.findAnnotationOnBean(bean, ParkedOutsideItsProcessor.class) != null) {
                parkedOutside.add(group);
            }
            roles.merge(group, Role.runningHandlersOf(type), (a, b) -> {
                if (a != b) {
                    throw new IllegalStateException("Processing group " + group + " has projections and policies: "
                            + "one role must run all of a group");
                }
                return a;
            });
        }
        return new ProcessingGroups(replayable, roles, lingering, parkedOutside);
    }

    /** A policy may mark its handlers one by one (the notification delivery does): one is enough to never replay it. */
    private static boolean disallowsReplayOfAHandler(Class<?> type) {
        if (type == null) {
            return false;
        }
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(ClassUtils.getUserClass(type))) {
            if (AnnotatedElementUtils.hasAnnotation(method, DisallowReplay.class)) {
                return true;
            }
        }
        return false;
    }

    @Bean
    ConfigurerModule deadLettersForEveryProcessingGroup(ProcessingGroups groups) {
        return configurer -> {
            var processing = configurer.eventProcessing();
            processing.registerDefaultDeadLetterPolicy(c -> HandlerIsolation.enqueuePolicy());
            groups.names().forEach(group -> processing
                    .registerDeadLetterQueue(group, c -> DeadLetterTable.queue(group, c, MAX_SEQUENCES,
                            MAX_SEQUENCE_SIZE))
                    // the cache spares a lookup per event while nothing of the segment is parked (it knows only
                    // what the processor parked); a replay handles every event again, so it starts with an empty queue
                    .registerDeadLetteringEventHandlerInvokerConfiguration(group, (c, builder) -> {
                        if (!groups.parkedOutside(group)) {
                            builder.enableSequenceIdentifierCache();
                        }
                        return builder.allowReset(groups.replayable(group));
                    }));
        };
    }
}
