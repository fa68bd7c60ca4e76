package io.decidr.platform.uploads;

import io.decidr.eventstore.upload.UploadStore;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code decidr.uploads.*}: how large uploads may be and how long they are kept.
 *
 * @param maxSize        the largest file one upload takes (413 {@code UPLOAD_TOO_LARGE} beyond it)
 * @param maxTenantSize  what a tenant's uploads waiting for (or in) an import may hold together
 * @param partSize       parts are cut at the first row end after this size ...
 * @param partRows       ... or after this many rows: one part is one chunk of the import
 * @param maxRowSize     the longest row
 * @param keepUnused     how long an upload no job claimed is kept
 * @param stalledAfter   an upload still being received that got no bytes for this long is given up
 * @param sweepEvery     how often expired and stalled uploads are deleted
 */
@ConfigurationProperties("decidr.uploads")
public record UploadProperties(
        @DefaultValue("1GB") DataSize maxSize,
        @DefaultValue("4GB") DataSize maxTenantSize,
        @DefaultValue("1MB") DataSize partSize,
        @DefaultValue("1000") int partRows,
        @DefaultValue("1MB") DataSize maxRowSize,
        @DefaultValue("24h") Duration keepUnused,
        @DefaultValue("10m") Duration stalledAfter,
        @DefaultValue("1m") Duration sweepEvery) {

    public UploadStore.Limits limits() {
        return new UploadStore.Limits(maxSize.toBytes(), maxTenantSize.toBytes(), Math.toIntExact(partSize.toBytes()),
                partRows, Math.toIntExact(maxRowSize.toBytes()), keepUnused);
    }
}
