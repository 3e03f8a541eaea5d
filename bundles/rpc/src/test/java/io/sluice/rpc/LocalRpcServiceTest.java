package io.sluice.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalRpcServiceTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> warnings = new ArrayList<>();
    private final LocalRpcService rpc = new LocalRpcService(warnings::add);

    public interface Greeter {
        CompletableFuture<String> greet(String name);

        void poke(String note);
    }

    private final List<String> pokes = new ArrayList<>();

    private final Greeter greeter = new Greeter() {
        @Override
        public CompletableFuture<String> greet(String name) {
            return CompletableFuture.completedFuture("hello " + name);
        }

        @Override
        public void poke(String note) {
            pokes.add(note);
        }
    };

    @Test
    void anEndpointIsReachedByItsAddressOnItsMainThread() {
        RpcAddress address = rpc.serve("greeter", Greeter.class, greeter, scheduler.executor("g"), null).address();
        assertThat(address).isEqualTo(new RpcAddress(RpcAddress.IN_PROCESS, 0, "greeter", null));
        CompletableFuture<String> answer = rpc.connect(address, Greeter.class).greet("sluice");
        assertThat(answer).isNotDone();
        scheduler.runAll();
        assertThat(answer).isCompletedWithValue("hello sluice");
    }

    @Test
    void aCallWithAStaleFencingTokenIsRefusedOnTheMainThreadAndLogged() {
        AtomicReference<String> token = new AtomicReference<>("jm-1");
        RpcService.Registration registration = rpc.serve("jobmaster", Greeter.class, greeter, scheduler.executor("jm"),
                token::get);
        RpcAddress first = registration.address();
        token.set("jm-2");
        CompletableFuture<String> stale = rpc.connect(first, Greeter.class).greet("old");
        rpc.connect(first, Greeter.class).poke("old");
        rpc.connect(registration.address(), Greeter.class).poke("new");
        scheduler.runAll();
        assertThatThrownBy(stale::join).cause().isInstanceOf(FencingTokenException.class)
                .hasMessageContaining("jm-1").hasMessageContaining("jm-2");
        assertThat(pokes).containsExactly("new");
        assertThat(warnings).hasSize(2);
    }

    @Test
    void aStoppedEndpointAndARemoteAddressFailTheirCallsNamingThem() {
        RpcService.Registration registration = rpc.serve("greeter", Greeter.class, greeter, scheduler.executor("g"),
                null);
        RpcAddress address = registration.address();
        registration.close();
        assertThatThrownBy(() -> rpc.connect(address, Greeter.class).greet("x").join()).cause()
                .isInstanceOf(RpcException.class).hasMessageContaining("no endpoint 'greeter'");
        assertThatThrownBy(() -> rpc.connect(new RpcAddress("10.0.0.1", 6123, "greeter", null), Greeter.class)
                .greet("x").join()).cause().isInstanceOf(RpcException.class)
                .hasMessageContaining("no network transport");
    }

    @Test
    void aWatchHearsOnceThatItsEndpointStoppedAndAtOnceThatAnEarlierIncarnationIsGone() {
        RpcService.Registration first = rpc.serve("resourcemanager", Greeter.class, greeter, scheduler.executor("rm"),
                () -> "rm-1");
        RpcAddress address = first.address();
        List<String> lost = new ArrayList<>();
        rpc.watch(address, () -> lost.add("first"));
        RpcService.Subscription withdrawn = rpc.watch(address, () -> lost.add("withdrawn"));
        withdrawn.close();
        assertThat(lost).isEmpty();

        first.close();
        first.close();
        assertThat(lost).containsExactly("first");
        rpc.serve("resourcemanager", Greeter.class, greeter, scheduler.executor("rm"), () -> "rm-2");
        rpc.watch(address, () -> lost.add("stale token"));
        rpc.watch(new RpcAddress("10.0.0.1", 6123, "greeter", null), () -> lost.add("unreachable"));
        assertThat(lost).containsExactly("first", "stale token", "unreachable");
    }

    @Test
    void anEndpointIdIsServedOnce() {
        rpc.serve("greeter", Greeter.class, greeter, scheduler.executor("g"), null);
        assertThatThrownBy(() -> rpc.serve("greeter", Greeter.class, greeter, scheduler.executor("g2"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("served already");
    }

    @Test
    void anAddressNamesItsEndpointAndProcessAndRefusesNonsense() {
        assertThat(new RpcAddress("127.0.0.1", 6123, "resourcemanager", "t")).hasToString("resourcemanager@127.0.0.1:6123");
        assertThatThrownBy(() -> new RpcAddress("h", 70000, "e", null)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> new RpcAddress(" ", 1, "e", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
