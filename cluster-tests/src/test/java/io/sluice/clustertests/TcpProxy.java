package io.sluice.clustertests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of the master's RPC port that can cut the connections of one process off and
 * heal them again. A cut connection stays open and forwards nothing: what either side sends waits in the socket
 * buffers and arrives once healed, as over a network path that went dark and came back within TCP's retries.
 * Connections are labelled with the label current when they were accepted: set it before starting a process.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Set<String> cut = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile String label = "unlabelled";
    private volatile boolean closed;

    /** Listens on {@code port} of loopback and forwards to {@code target} there. */
    TcpProxy(int port, int target) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Connections accepted from now on carry {@code newLabel}. */
    void label(String newLabel) {
        label = newLabel;
    }

    /** Stops forwarding on every connection labelled {@code of}, both ways. */
    void cut(String of) {
        cut.add(of);
    }

    /** Forwards again what waited. */
    void heal(String of) {
        synchronized (lock) {
            cut.remove(of);
            lock.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                } catch (IOException refused) {
                    closeQuietly(client); // the master is not listening yet: the client sees a refusal, as without us
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
                String of = label;
                pump(client, upstream, of, "up");
                pump(upstream, client, of, "down");
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("tcp proxy: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String of, String direction) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    awaitHealed(of);
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed: close the other, as a real path would carry the FIN or RST
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-" + of + "-" + direction);
        pump.setDaemon(true);
        pump.start();
    }

    private void awaitHealed(String of) throws InterruptedException {
        synchronized (lock) {
            while (cut.contains(of) && !closed) {
                lock.wait();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        server.close();
        sockets.forEach(TcpProxy::closeQuietly);
    }
}
