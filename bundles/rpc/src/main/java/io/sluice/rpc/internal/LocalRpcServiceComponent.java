package io.sluice.rpc.internal;

import io.sluice.rpc.ForwardingRpcService;
import io.sluice.rpc.LocalRpcService;
import io.sluice.rpc.ProcessRole;
import io.sluice.rpc.RpcService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The platform's transport when it runs as one process ({@code ./sluice run}, {@code ./sluice start}): every
 * component is an endpoint of this JVM. A master or worker process gets the network transport instead. Refused calls (stale fencing tokens) are logged as warnings.
 */
@Component(immediate = true, service = RpcService.class)
public class LocalRpcServiceComponent extends ForwardingRpcService {
    private final LocalRpcService rpc;

    @Activate
    public LocalRpcServiceComponent(@Reference(target = "(sluice.role=embedded)") ProcessRole.Service role,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.rpc = new LocalRpcService(log::warn);
    }

    @Override
    protected RpcService delegate() {
        return rpc;
    }
}
