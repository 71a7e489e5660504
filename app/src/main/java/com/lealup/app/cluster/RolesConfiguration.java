package com.lealup.app.cluster;

import com.lealup.http.support.ApiException;
import com.lealup.http.support.FilterOrder;
import com.lealup.http.support.ProblemWriter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.Distributed;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * What {@code LEALUP_ROLES} switches off, each decided here by where the code lives: the processors by their
 * handlers' package ({@link Role#runningHandlersOf}, applied in {@code AxonConfiguration}); the scheduled sweeps
 * of the policies (their {@code @Scheduled} methods in {@code com.lealup.automation}) by the same rule; the
 * {@code /v1} surface without {@code api}; the command handlers without {@code command} ({@link DispatchOnlyCommandBus}).
 */
@Configuration(proxyBeanMethods = false)
class RolesConfiguration {

    @Bean
    NodeRoles nodeRoles(@Value("${" + NodeRoles.PROPERTY + ":}") String roles,
                        @Value("${axon.axonserver.enabled:false}") boolean axonServer) {
        return NodeRoles.parse(roles, axonServer);
    }

    /**
     * Without {@code command} the node's distributed command bus (Axon Server's) takes no handler: it only sends
     * commands to the command nodes. Static, read from the environment: a post-processor is made before other beans.
     */
    @Bean
    static BeanPostProcessor commandHandlersOnlyOnCommandNodes(Environment environment) {
        NodeRoles roles = NodeRoles.parse(environment.getProperty(NodeRoles.PROPERTY),
                environment.getProperty("axon.axonserver.enabled", Boolean.class, false));
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return roles.has(Role.COMMAND) ? bean : dispatchOnly(bean);
            }
        };
    }

    /** A distributed command bus as one that only sends; anything else as it is. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object dispatchOnly(Object bean) {
        return bean instanceof CommandBus && bean instanceof Distributed distributed
                ? new DispatchOnlyCommandBus((CommandBus & Distributed) distributed) : bean;
    }

    /** Spring's scheduler, except that a job of a role this node does not have never runs. */
    @Bean
    ThreadPoolTaskScheduler taskScheduler(ThreadPoolTaskSchedulerBuilder builder, NodeRoles roles) {
        return builder.configure(new RoleScheduler(roles));
    }

    /** Without {@code api} the node answers only {@code /actuator} (health for the orchestrator, metrics). */
    @Bean
    FilterRegistrationBean<Filter> noApiWithoutTheApiRole(NodeRoles roles, ProblemWriter problems) {
        Filter filter = (request, response, chain) -> {
            String path = ((HttpServletRequest) request).getRequestURI();
            if (roles.has(Role.API) || path.startsWith("/actuator")) {
                chain.doFilter(request, response);
                return;
            }
            problems.write((HttpServletRequest) request, (HttpServletResponse) response, new ApiException(
                    HttpStatus.NOT_FOUND, "not_found", "Not found",
                    "This node does not serve the API (LEALUP_ROLES=" + roles + "); send requests to an api node"));
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(FilterOrder.TRACE + 1);
        return registration;
    }

    /**
     * A recurring job is {@code @Scheduled} method whose runnable names its class (Spring's
     * {@code ScheduledMethodRunnable}); one of a role this node lacks is scheduled as a job that does nothing.
     */
    static final class RoleScheduler extends ThreadPoolTaskScheduler {

        private final transient NodeRoles roles;

        RoleScheduler(NodeRoles roles) {
            this.roles = roles;
        }

        Runnable gated(Runnable task) {
            String name = String.valueOf(task);
            Role role = name.startsWith("com.lealup.automation.") ? Role.AUTOMATION : null;
            return role == null || roles.has(role) ? task : () -> { };
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
            return super.schedule(gated(task), trigger);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
            return super.scheduleAtFixedRate(gated(task), startTime, period);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
            return super.scheduleAtFixedRate(gated(task), period);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
            return super.scheduleWithFixedDelay(gated(task), startTime, delay);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
            return super.scheduleWithFixedDelay(gated(task), delay);
        }
    }
}
