package org.deeplesion.jobs.cluster;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * fabric8's CRUD API server stand-in, plus two things a real API server does that Spark relies on and the mock
 * server of the same fabric8 release does not: a server-side apply of an object that does not exist creates it
 * (spark-submit applies the driver's service and config maps so), and a new pod's status is {@code Pending}
 * (Spark's executor allocator reads every pod's phase).
 */
final class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLY_PATCH = "application/apply-patch";
    private static final Pattern PODS = Pattern.compile("/api/v1/namespaces/[^/]+/pods");

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        requireNonNull(request, "request");
        String type = request.getHeader("Content-Type");
        String path = request.getPath().split("\\?", 2)[0];
        if (type == null || !type.startsWith(APPLY_PATCH) || findResource(getKey(path)) != null) {
            return super.handlePatch(request);
        }
        return handleCreate(withBody(
                request,
                "POST",
                path.substring(0, path.lastIndexOf('/')),
                request.getBody().clone()));
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        requireNonNull(request, "request");
        String path = request.getPath().split("\\?", 2)[0];
        if (!PODS.matcher(path).matches()) {
            return super.handleCreate(request);
        }
        try {
            ObjectNode pod =
                    (ObjectNode) JSON.readTree(request.getBody().clone().readUtf8());
            pod.putObject("status").put("phase", "Pending");
            return super.handleCreate(
                    withBody(request, "POST", request.getPath(), new Buffer().writeUtf8(JSON.writeValueAsString(pod))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RecordedRequest withBody(RecordedRequest request, String method, String path, Buffer body) {
        try (Socket unconnected = new Socket()) {
            return new RecordedRequest(
                    method + " " + path + " HTTP/1.1",
                    request.getHeaders(),
                    List.of(),
                    body.size(),
                    body,
                    request.getSequenceNumber(),
                    unconnected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
