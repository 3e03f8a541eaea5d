package io.sluice.cli.internal;

import io.sluice.api.resource.ResourceProvider;
import io.sluice.api.slot.WorkerId;
import io.sluice.jobmaster.JobMasterFactory;
import io.sluice.registry.StrategyKind;
import io.sluice.registry.StrategyRegistry;
import io.sluice.rpc.gateway.ClusterStatus;
import io.sluice.rpc.gateway.DispatcherGateway;
import io.sluice.rpc.gateway.ResourceManagerGateway;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A {@link SluiceCommand.Platform} without a framework: a bundle context that offers the services put into it (to
 * the real {@code Platform.service}, which tracks them), the {@link TestPlugins}, and, unless a test replaces them,
 * a JobMasterFactory, a ConfigurationAdmin whose registry configuration sets the registry's resource-provider
 * default as the real registry component does (or, with {@link #rejectRegistryConfiguration}, keeps it as it does
 * for a file with a mistake) and a ResourceManager with every worker configured so far.
 */
final class FakePlatform {
    private final Map<Class<?>, Object> services = new HashMap<>();
    private final TestPlugins plugins = new TestPlugins();
    private final List<Dictionary<String, Object>> workers = new ArrayList<>();
    private volatile String resourceProvider = "embedded";
    private volatile boolean rejectRegistryConfiguration;

    FakePlatform() {
        put(JobMasterFactory.class, proxy(JobMasterFactory.class, Map.of("checks", args -> plugins.checks())));
        put(ConfigurationAdmin.class, proxy(ConfigurationAdmin.class, Map.of(
                "getConfiguration", args -> configuration(properties -> {
                    if (!rejectRegistryConfiguration) {
                        resourceProvider = String.valueOf(properties.get(StrategyKind.RESOURCE_PROVIDER.configKey()));
                    }
                }),
                "getFactoryConfiguration", args -> configuration(workers::add))));
        put(ResourceManagerGateway.class, proxy(ResourceManagerGateway.class, Map.of("requestClusterStatus",
                args -> CompletableFuture.completedFuture(new ClusterStatus(workers.stream().map(worker ->
                        new ClusterStatus.Worker(new WorkerId("w"), List.of())).toList(), List.of())))));
    }

    /** Offers {@code service} as the platform's {@code type}; {@code null} takes it away. */
    <S> FakePlatform put(Class<S> type, S service) {
        services.put(type, service);
        return this;
    }

    FakePlatform rejectRegistryConfiguration() {
        rejectRegistryConfiguration = true;
        return this;
    }

    /** The {@code taskexecutor.slots} of every worker configuration the command made. */
    List<Object> workerSlots() {
        return workers.stream().map(worker -> worker.get(ResourceProvider.SLOTS_PROPERTY)).toList();
    }

    SluiceCommand.Platform platform() {
        StrategyRegistry registry = (StrategyRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StrategyRegistry.class}, (proxy, method, args) -> {
                    if (method.getName().equals("defaultName") && args[0] == StrategyKind.RESOURCE_PROVIDER) {
                        return resourceProvider;
                    }
                    try {
                        return method.invoke(plugins, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new SluiceCommand.Platform(context(), registry, null, TestPlugins.OPERATORS);
    }

    /** A dispatcher whose calls are the given functions of their arguments. */
    static DispatcherGateway dispatcher(Map<String, Function<Object[], Object>> calls) {
        return proxy(DispatcherGateway.class, calls);
    }

    private static Configuration configuration(java.util.function.Consumer<Dictionary<String, Object>> onUpdate) {
        Dictionary<String, Object> properties = new Hashtable<>();
        return proxy(Configuration.class, Map.of("getProperties", args -> properties.isEmpty() ? null : properties,
                "update", args -> {
                    @SuppressWarnings("unchecked")
                    Dictionary<String, Object> update = (Dictionary<String, Object>) args[0];
                    onUpdate.accept(update);
                    return null;
                }));
    }

    /** What a ServiceTracker asks of a bundle context; the services never change while it tracks them. */
    private BundleContext context() {
        return proxy(BundleContext.class, Map.of(
                "createFilter", args -> {
                    try {
                        return FrameworkUtil.createFilter((String) args[0]);
                    } catch (org.osgi.framework.InvalidSyntaxException e) {
                        throw new IllegalArgumentException(e);
                    }
                },
                "addServiceListener", args -> null,
                "removeServiceListener", args -> null,
                "getServiceReferences", args -> services.entrySet().stream()
                        .filter(entry -> entry.getKey().getName().equals(args[0]) && entry.getValue() != null)
                        .map(entry -> reference(entry.getKey(), entry.getValue()))
                        .findFirst().map(reference -> new ServiceReference<?>[] {reference}).orElse(null),
                "getService", args -> ((ServiceObject) Proxy.getInvocationHandler(args[0])).service(),
                "ungetService", args -> true));
    }

    private static ServiceReference<?> reference(Class<?> type, Object service) {
        return (ServiceReference<?>) Proxy.newProxyInstance(FakePlatform.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, new ServiceObject(type, service));
    }

    /** The handler of a service reference, which holds its service. */
    private record ServiceObject(Class<?> type, Object service) implements java.lang.reflect.InvocationHandler {
        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
            return switch (method.getName()) {
                case "getProperty" -> switch ((String) args[0]) {
                    case Constants.OBJECTCLASS -> new String[] {type.getName()};
                    case Constants.SERVICE_ID -> 1L;
                    case Constants.SERVICE_RANKING -> 0;
                    default -> null;
                };
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "compareTo" -> 0;
                case "toString" -> "reference to " + type.getSimpleName();
                default -> throw new UnsupportedOperationException(method.getName());
            };
        }
    }

    /** An implementation of {@code type} whose methods are the given functions of their arguments. */
    static <T> T proxy(Class<T> type, Map<String, Function<Object[], Object>> methods) {
        return type.cast(Proxy.newProxyInstance(FakePlatform.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    Function<Object[], Object> call = methods.get(method.getName());
                    if (call != null) {
                        return call.apply(args);
                    }
                    return switch (method.getName()) {
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "toString" -> "fake " + type.getSimpleName();
                        default -> throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                    };
                }));
    }
}
