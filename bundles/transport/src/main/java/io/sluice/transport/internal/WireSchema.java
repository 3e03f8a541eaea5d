package io.sluice.transport.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdDelegatingSerializer;
import com.fasterxml.jackson.databind.deser.std.StdDelegatingDeserializer;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sluice.api.job.JobGraph;
import io.sluice.rpc.RpcMessage;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages of every gateway this process speaks, by the stable id of their {@link RpcMessage}, and the one
 * CBOR mapper that encodes them. Arguments and results are read as the declared parameter and result types of
 * the gateway method, records through their canonical constructors (so a message a constructor refuses is
 * refused); a message must end where its last argument ends; no type is ever taken from the wire (no polymorphic typing), and nothing is Java-serialized.
 */
public final class WireSchema {
    /** The type of one message: its gateway method and the types its arguments and answer are read as. */
    public record MessageType(int id, int version, Method method, JavaType[] parameters, JavaType result) {
        public boolean oneWay() {
            return result == null;
        }

        public String name() {
            return method.getDeclaringClass().getSimpleName() + "." + method.getName();
        }
    }

    private final ObjectMapper mapper;
    private final Map<Integer, MessageType> byId = new ConcurrentHashMap<>();
    private final Map<Method, MessageType> byMethod = new ConcurrentHashMap<>();
    private final Map<Class<?>, Boolean> gateways = new ConcurrentHashMap<>();

    /** @param maxMessageBytes the frame size: no string or document inside a message can be longer */
    public WireSchema(int maxMessageBytes) {
        CBORFactory factory = CBORFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxStringLength(maxMessageBytes)
                        .maxDocumentLength(maxMessageBytes)
                        .maxNumberLength(400)
                        .build())
                .build();
        SimpleModule jobGraphs = new SimpleModule("sluice-wire");
        jobGraphs.addSerializer(JobGraph.class, new StdDelegatingSerializer(new JobGraphWire.ToWire()));
        jobGraphs.addDeserializer(JobGraph.class, new StdDelegatingDeserializer<>(new JobGraphWire.FromWire()));
        this.mapper = CBORMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(jobGraphs)
                // records are written from their components only: a derived accessor such as isFree() is not data
                .visibility(PropertyAccessor.ALL, Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, Visibility.ANY)
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Learns the messages of {@code gateway}. Every method needs an {@link RpcMessage} whose id no other method
     * has, and parameters that are values, not gateways (components pass addresses).
     */
    public void register(Class<?> gateway) {
        if (gateways.containsKey(gateway)) {
            return;
        }
        synchronized (this) {
            if (gateways.containsKey(gateway)) {
                return;
            }
            Method[] methods = gateway.getMethods();
            java.util.Arrays.sort(methods, Comparator.comparing(Method::getName));
            Map<Integer, MessageType> added = new java.util.HashMap<>();
            for (Method method : methods) {
                if (method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                    continue;
                }
                RpcMessage message = method.getAnnotation(RpcMessage.class);
                String name = gateway.getName() + "." + method.getName();
                if (message == null) {
                    throw new IllegalArgumentException(name + " has no @RpcMessage id, so it cannot be sent");
                }
                if (message.id() < 1 || message.id() > 0xFFFF || message.version() < 1 || message.version() > 0xFF) {
                    throw new IllegalArgumentException(name + ": @RpcMessage id must be 1..65535 and version 1..255");
                }
                MessageType taken = byId.containsKey(message.id()) ? byId.get(message.id()) : added.get(message.id());
                if (taken != null && !taken.method().equals(method)) {
                    throw new IllegalArgumentException(name + " and " + taken.name() + " have the same @RpcMessage id "
                            + message.id());
                }
                Type[] parameterTypes = method.getGenericParameterTypes();
                JavaType[] parameters = new JavaType[parameterTypes.length];
                for (int i = 0; i < parameterTypes.length; i++) {
                    Class<?> raw = method.getParameterTypes()[i];
                    if (raw.isInterface() && gatewayLike(raw)) {
                        throw new IllegalArgumentException(name + " takes a gateway (" + raw.getSimpleName()
                                + "); messages carry addresses, not objects");
                    }
                    parameters[i] = mapper.getTypeFactory().constructType(parameterTypes[i]);
                }
                JavaType result = null;
                if (method.getReturnType() == CompletableFuture.class) {
                    Type answer = method.getGenericReturnType() instanceof ParameterizedType parameterized
                            ? parameterized.getActualTypeArguments()[0] : Object.class;
                    result = mapper.getTypeFactory().constructType(answer);
                } else if (method.getReturnType() != void.class) {
                    throw new IllegalArgumentException(name + " must return CompletableFuture or void");
                }
                added.put(message.id(), new MessageType(message.id(), message.version(), method, parameters, result));
            }
            added.values().forEach(type -> {
                byId.put(type.id(), type);
                byMethod.put(type.method(), type);
            });
            gateways.put(gateway, true);
        }
    }

    private static boolean gatewayLike(Class<?> type) {
        for (Method method : type.getMethods()) {
            if (method.getAnnotation(RpcMessage.class) != null) {
                return true;
            }
        }
        return false;
    }

    /** The message of a gateway method; the gateway must have been registered. */
    public MessageType of(Method method) {
        MessageType type = byMethod.get(method);
        if (type == null) {
            register(method.getDeclaringClass());
            type = byMethod.get(method);
        }
        return type;
    }

    /** The message with this id, or {@code null} when this process does not know it. */
    public MessageType byId(int id) {
        return byId.get(id);
    }
}
