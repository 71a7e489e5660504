package com.lealup.app.axon;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import javax.annotation.Nonnull;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Axon's {@link AnnotationCommandTargetResolver} with each command class's annotated members found once: Axon's looks
 * through every method and field of the class at every command (a twentieth of a PATCH's time in its controller,
 * docs/PERFORMANCE.md). The same members in the same order (methods, then fields); a command it cannot resolve
 * (no identifier, a version that is not a number, an accessor that fails) is Axon's to fail, with Axon's message.
 */
final class CommandTargets implements CommandTargetResolver {

    private static final MethodType READER = MethodType.methodType(Object.class, Object.class);

    private final CommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();
    private final ClassValue<Target> targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> type) {
            return new Target(reader(type, TargetAggregateIdentifier.class),
                    reader(type, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(@Nonnull CommandMessage<?> command) {
        Target target = targets.get(command.getPayloadType());
        try {
            Object payload = command.getPayload();
            Object identifier = target.identifier() == null ? null : target.identifier().invokeExact(payload);
            Object version = target.version() == null ? null : target.version().invokeExact(payload);
            if (identifier != null && (version == null || version instanceof Number)) {
                return new VersionedAggregateIdentifier(identifier,
                        version == null ? null : ((Number) version).longValue());
            }
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            // Axon's resolver reads it again and fails as it does
        }
        return axons.resolveTarget(command);
    }

    /** The first method, else the first field, carrying the annotation, as Axon looks for it; null when none does. */
    private static MethodHandle reader(Class<?> type, Class<? extends Annotation> annotation) {
        try {
            for (Method method : ReflectionUtils.methodsOf(type)) {
                if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                    return MethodHandles.lookup().unreflect(ReflectionUtils.ensureAccessible(method)).asType(READER);
                }
            }
            for (Field field : ReflectionUtils.fieldsOf(type)) {
                if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                    return MethodHandles.lookup().unreflectGetter(ReflectionUtils.ensureAccessible(field))
                            .asType(READER);
                }
            }
        } catch (IllegalAccessException | RuntimeException e) {
            // left to Axon's resolver
        }
        return null;
    }

    private record Target(MethodHandle identifier, MethodHandle version) {
    }
}
