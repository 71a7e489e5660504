package com.lealup.app.axon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.asm.AnnotationVisitor;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.Label;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every event type the code base can store, found in the compiled classes of every module (not by a naming
 * convention): each object passed to {@code AggregateLifecycle.apply} or wrapped by
 * {@code GenericEventMessage.asEventMessage} (events published on the bus), and each message type an
 * {@code @EventHandler} or {@code @EventSourcingHandler} takes. A call whose argument is not a {@code new}
 * of a contract type right there (a variable, a factory) cannot be resolved from the bytecode: it is reported in
 * {@link #unresolved}, so that the golden test fails rather than misses a type.
 */
final class EventTypes {

    private static final String CONTRACT = "com/lealup/api/";
    private static final Set<String> PUBLISHING = Set.of(
            "org/axonframework/modelling/command/AggregateLifecycle.apply",
            "org/axonframework/eventhandling/GenericEventMessage.asEventMessage");
    private static final Set<String> HANDLERS = Set.of(
            "Lorg/axonframework/eventhandling/EventHandler;",
            "Lorg/axonframework/eventsourcing/EventSourcingHandler;",
            "Lorg/axonframework/modelling/saga/SagaEventHandler;");

    final Set<String> published = new TreeSet<>();
    final Set<String> handled = new TreeSet<>();
    final Set<String> unresolved = new TreeSet<>();

    static EventTypes scan() {
        EventTypes types = new EventTypes();
        try {
            Resource[] classes = new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:com/lealup/**/*.class");
            for (Resource resource : classes) {
                String url = resource.getURL().toString();
                if (url.contains("/test-classes/")) {
                    continue;
                }
                try (InputStream in = resource.getInputStream()) {
                    new ClassReader(in).accept(types.new Scanner(), ClassReader.SKIP_FRAMES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return types;
    }

    /** Every event type, as class names. */
    Set<String> all() {
        Set<String> all = new TreeSet<>(published);
        all.addAll(handled);
        return all;
    }

    private final class Scanner extends ClassVisitor {

        private String className;

        Scanner() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            className = name.replace('/', '.');
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            String method = className + "." + name;
            return new MethodVisitor(Opcodes.ASM9) {

                /** The class of the {@code new} whose constructor was the last instruction, else null. */
                private String lastConstructed;
                private int line;

                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    Type[] parameters = Type.getArgumentTypes(descriptor);
                    if (HANDLERS.contains(annotation) && parameters.length > 0
                            && parameters[0].getInternalName().startsWith(CONTRACT)) {
                        handled.add(parameters[0].getClassName());
                    }
                    return null;
                }

                @Override
                public void visitLineNumber(int number, Label start) {
                    line = number;
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor,
                                            boolean isInterface) {
                    if (PUBLISHING.contains(owner + "." + called)) {
                        if (lastConstructed != null) {
                            published.add(lastConstructed.replace('/', '.'));
                        } else {
                            unresolved.add(method + " (line " + line + ")");
                        }
                    }
                    lastConstructed = opcode == Opcodes.INVOKESPECIAL && called.equals("<init>")
                            && owner.startsWith(CONTRACT) ? owner : null;
                }

                @Override
                public void visitInsn(int opcode) {
                    lastConstructed = null;
                }

                @Override
                public void visitVarInsn(int opcode, int index) {
                    lastConstructed = null;
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                    lastConstructed = null;
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    lastConstructed = null;
                }

                @Override
                public void visitLdcInsn(Object value) {
                    lastConstructed = null;
                }
            };
        }
    }
}
