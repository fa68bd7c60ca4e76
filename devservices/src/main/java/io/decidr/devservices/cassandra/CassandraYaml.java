package io.decidr.devservices.cassandra;

/**
 * The {@code cassandra.yaml} of an embedded node: by default one node on 127.0.0.1, or a node of a local cluster on its
 * own address ({@link ClusterMembership}); everything under its data folder, sized for a laptop or a 2-core CI machine
 * rather than for production.
 */
final class CassandraYaml {

    private CassandraYaml() {
    }

    static String render(CassandraSettings settings, DataFolder folder, int nativePort, int storagePort) {
        ClusterMembership membership = settings.membership();
        return """
                # Written by decidr's EmbeddedCassandra on every start; edits are overwritten.
                cluster_name: %s
                # one fixed token per node (a node alone owns the whole ring): a restart of a kept folder owns what it did
                num_tokens: 1
                initial_token: %d
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                endpoint_snitch: SimpleSnitch
                dynamic_snitch: false
                auto_bootstrap: false
                listen_address: %s
                rpc_address: %s
                storage_port: %d
                native_transport_port: %d
                start_native_transport: true
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "%s"

                authenticator: %s
                authorizer: AllowAllAuthorizer
                role_manager: CassandraRoleManager
                network_authorizer: AllowAllNetworkAuthorizer

                data_file_directories:
                  - %s
                commitlog_directory: %s
                saved_caches_directory: %s
                hints_directory: %s
                cdc_raw_directory: %s

                # a fresh 5.0 node needs no compatibility with 4.x sstables or messaging
                storage_compatibility_mode: NONE
                # Storage-Attached Indexes serve the read models' equality filters; CREATE INDEX defaults to SAI
                default_secondary_index: sai
                default_secondary_index_enabled: true
                secondary_indexes_enabled: true
                sasi_indexes_enabled: false
                materialized_views_enabled: false
                user_defined_functions_enabled: false

                # small: a dev machine, or a 2-core CI box that runs other test JVMs at the same time
                memtable_heap_space: 64MiB
                memtable_offheap_space: 64MiB
                memtable_flush_writers: 1
                key_cache_size: 8MiB
                row_cache_size: 0MiB
                counter_cache_size: 4MiB
                file_cache_size: 32MiB
                networking_cache_size: 16MiB
                prepared_statements_cache_size: 8MiB
                index_summary_capacity: 8MiB
                concurrent_reads: 8
                concurrent_writes: 8
                concurrent_counter_writes: 8
                concurrent_compactors: 1
                concurrent_materialized_view_writes: 1
                native_transport_max_threads: 32
                commitlog_sync: periodic
                commitlog_sync_period: 10000ms
                commitlog_segment_size: 16MiB
                commitlog_total_space: 256MiB
                hinted_handoff_enabled: %s
                auto_snapshot: false
                snapshot_before_compaction: false
                incremental_backups: false
                diagnostic_events_enabled: false

                # generous timeouts: a loaded 2-core machine pauses, and a timeout there is noise, not a finding
                read_request_timeout: 10000ms
                range_request_timeout: 10000ms
                write_request_timeout: 5000ms
                counter_write_request_timeout: 5000ms
                cas_contention_timeout: 2000ms
                truncate_request_timeout: 60000ms
                request_timeout: 10000ms
                """.formatted(quoted(settings.clusterName()), membership.initialToken(), membership.address(),
                membership.address(), storagePort, nativePort, membership.seedList(storagePort),
                settings.passwordAuthentication() ? "PasswordAuthenticator" : "AllowAllAuthenticator",
                quoted(folder.data()), quoted(folder.commitLog()), quoted(folder.savedCaches()),
                quoted(folder.hints()), quoted(folder.cdcRaw()), membership.hintedHandoff());
    }

    /** A YAML single-quoted scalar: nothing is special inside except the quote itself. */
    static String quoted(Object value) {
        return "'" + value.toString().replace("'", "''") + "'";
    }
}
