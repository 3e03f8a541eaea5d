package io.sluice.clustertests.stopper;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * The activator of a one-class bundle a test drops into the master's {@code deploy/} folder, as an operator's tool
 * would: while it is installed the ResourceManager bundle is stopped; deleting the jar (FileInstall uninstalls it)
 * starts that bundle again. It references nothing but the framework, so the master resolves it as it is.
 */
public final class ResourceManagerStopper implements BundleActivator {
    static final String TARGET = "io.sluice.resourcemanager";

    @Override
    public void start(BundleContext context) throws BundleException {
        target(context).stop(Bundle.STOP_TRANSIENT);
    }

    @Override
    public void stop(BundleContext context) throws BundleException {
        target(context).start(Bundle.START_TRANSIENT);
    }

    private static Bundle target(BundleContext context) throws BundleException {
        for (Bundle bundle : context.getBundles()) {
            if (TARGET.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new BundleException("no bundle " + TARGET + " in this framework");
    }
}
