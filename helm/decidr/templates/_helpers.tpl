{{/*
Names, labels and the parts every pod shares (the Deployments of the three roles and the migration Job).
*/}}

{{- define "decidr.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "decidr.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The name of one part of the release: <fullname>-<suffix>, at most 63 characters. */}}
{{- define "decidr.componentName" -}}
{{- printf "%s-%s" (include "decidr.fullname" .root | trunc (int (sub 62 (len .component)))) .component | trimSuffix "-" }}
{{- end }}

{{- define "decidr.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "decidr.selectorLabels" -}}
app.kubernetes.io/name: {{ include "decidr.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "decidr.labels" -}}
helm.sh/chart: {{ include "decidr.chart" . }}
{{ include "decidr.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: decidr
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels of one component (api, worker, projector, migrations): dict "root" $ "component" "api" */}}
{{- define "decidr.componentLabels" -}}
{{ include "decidr.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "decidr.componentSelectorLabels" -}}
{{ include "decidr.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "decidr.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "decidr.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "decidr.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (toString (default .Chart.AppVersion .Values.image.tag)) }}
{{- end }}
{{- end }}

{{/* JAVA_TOOL_OPTIONS: the common flags, then the role's own (dict "root" $ "options" "...") */}}
{{- define "decidr.javaToolOptions" -}}
{{- $all := list .root.Values.jvm.options .root.Values.jvm.extraOptions .options }}
{{- $present := list }}
{{- range $all }}{{ if trim . }}{{ $present = append $present (trim .) }}{{ end }}{{ end }}
{{- join " " $present }}
{{- end }}

{{/* The name of the ConfigMap of non-secret settings. */}}
{{- define "decidr.configName" -}}
{{- include "decidr.componentName" (dict "root" . "component" "config") }}
{{- end }}

{{/*
The non-secret settings, as environment variables (the ConfigMap's data). No secret ever: passwords, the HMAC
secret and the Temporal API key come from secretKeyRef (decidr.secretEnv).
*/}}
{{- define "decidr.configData" -}}
{{- include "decidr.validate" . }}
{{- $pg := .Values.postgresql }}
{{- $url := printf "r2dbc:postgresql://%s:%s/%s" $pg.host (toString $pg.port) $pg.database }}
{{- if $pg.parameters }}
{{- $params := list }}
{{- range $name, $value := $pg.parameters }}
{{- $params = append $params (printf "%s=%s" $name (toString $value | urlquery)) }}
{{- end }}
{{- $url = printf "%s?%s" $url (join "&" $params) }}
{{- end }}
SPRING_R2DBC_URL: {{ $url | quote }}
SPRING_R2DBC_USERNAME: {{ $pg.username | quote }}
SPRING_CASSANDRA_CONTACT_POINTS: {{ join "," .Values.cassandra.contactPoints | quote }}
SPRING_CASSANDRA_LOCAL_DATACENTER: {{ .Values.cassandra.localDatacenter | quote }}
SPRING_CASSANDRA_KEYSPACE_NAME: {{ .Values.cassandra.keyspace | quote }}
SPRING_CASSANDRA_REQUEST_CONSISTENCY: {{ .Values.cassandra.consistency | quote }}
{{- with .Values.cassandra.username }}
SPRING_CASSANDRA_USERNAME: {{ . | quote }}
{{- end }}
SPRING_TEMPORAL_CONNECTION_TARGET: {{ .Values.temporal.target | quote }}
SPRING_TEMPORAL_NAMESPACE: {{ .Values.temporal.namespace | quote }}
{{- if .Values.temporal.tls.enabled }}
SPRING_TEMPORAL_CONNECTION_ENABLE_HTTPS: "true"
{{- end }}
{{- if .Values.temporal.mtls.existingSecret }}
SPRING_TEMPORAL_CONNECTION_MTLS_CERT_CHAIN_FILE: {{ printf "%s/%s" (include "decidr.temporalMtlsDir" .) .Values.temporal.mtls.certChainKey | quote }}
SPRING_TEMPORAL_CONNECTION_MTLS_KEY_FILE: {{ printf "%s/%s" (include "decidr.temporalMtlsDir" .) .Values.temporal.mtls.keyKey | quote }}
SPRING_TEMPORAL_CONNECTION_MTLS_PKCS: {{ .Values.temporal.mtls.pkcs | toString | quote }}
{{- with .Values.temporal.mtls.serverName }}
SPRING_TEMPORAL_CONNECTION_MTLS_SERVER_NAME: {{ . | quote }}
{{- end }}
{{- end }}
{{- with .Values.temporal.uiUrl }}
DECIDR_TEMPORAL_UI_URL: {{ . | quote }}
{{- end }}
{{- if eq .Values.auth.mode "issuer" }}
{{- with .Values.auth.issuerUri }}
SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI: {{ . | quote }}
{{- end }}
{{- with .Values.auth.jwkSetUri }}
SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI: {{ . | quote }}
{{- end }}
{{- else }}
{{- with .Values.auth.hmac.issuer }}
DECIDR_SECURITY_ISSUER: {{ . | quote }}
{{- end }}
{{- end }}
{{- with .Values.auth.audiences }}
SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES: {{ join "," . | quote }}
{{- end }}
SPRING_GRAPHQL_GRAPHIQL_ENABLED: {{ .Values.graphiql.enabled | toString | quote }}
{{- if .Values.tracing.enabled }}
MANAGEMENT_TRACING_ENABLED: "true"
MANAGEMENT_TRACING_SAMPLING_PROBABILITY: {{ .Values.tracing.samplingProbability | toString | quote }}
{{- with .Values.tracing.otlpEndpoint }}
MANAGEMENT_OTLP_TRACING_ENDPOINT: {{ . | quote }}
{{- end }}
{{- end }}
{{- if ne .Values.logs.format "text" }}
LOGGING_STRUCTURED_FORMAT_CONSOLE: {{ .Values.logs.format | quote }}
{{- end }}
{{- if eq .Values.messaging.transport "kafka" }}
DECIDR_MESSAGING_TRANSPORT: "kafka"
DECIDR_MESSAGING_KAFKA_BOOTSTRAP_SERVERS: {{ .Values.messaging.kafka.bootstrapServers | quote }}
{{- end }}
{{- if .Values.messaging.cdc.enabled }}
DECIDR_MESSAGING_RELAY_ENABLED: "false"
{{- end }}
DECIDR_MESSAGING_RELAY_RETENTION: {{ .Values.messaging.relay.retention | quote }}
{{- with .Values.temporal.encryption }}
DECIDR_TEMPORAL_ENCRYPTION_ENABLED: {{ .enabled | toString | quote }}
{{- if .enabled }}
{{- if not (has .activeKey .keys) }}
{{- fail "temporal.encryption.activeKey must be one of temporal.encryption.keys" }}
{{- end }}
DECIDR_TEMPORAL_ENCRYPTION_ACTIVE_KEY: {{ .activeKey | quote }}
{{- with .uiOrigins }}
DECIDR_TEMPORAL_ENCRYPTION_UI_ORIGINS: {{ join "," . | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- with .Values.personalData }}
{{- if .masterKeys }}
{{- if not (has .activeMasterKey .masterKeys) }}
{{- fail "personalData.activeMasterKey must be one of personalData.masterKeys" }}
{{- end }}
DECIDR_PERSONALDATA_ACTIVEMASTERKEY: {{ .activeMasterKey | quote }}
{{- end }}
DECIDR_PERSONALDATA_KEYCACHE: {{ .keyCache | quote }}
{{- end }}
{{- with .Values.webhooks }}
DECIDR_WEBHOOKS_ENABLED: {{ .enabled | toString | quote }}
DECIDR_WEBHOOKS_ALLOW_HTTP: {{ .allowHttp | toString | quote }}
{{- with .allowedNetworks }}
DECIDR_WEBHOOKS_ALLOWED_NETWORKS: {{ join "," . | quote }}
{{- end }}
{{- with .platformNetworks }}
DECIDR_WEBHOOKS_PLATFORM_NETWORKS: {{ join "," . | quote }}
{{- end }}
DECIDR_WEBHOOKS_MAX_PER_TENANT: {{ .maxPerTenant | toString | quote }}
DECIDR_WEBHOOKS_DISPATCHER_CONCURRENCY: {{ .dispatcher.concurrency | toString | quote }}
DECIDR_WEBHOOKS_DISPATCHER_TIMEOUT: {{ .dispatcher.timeout | quote }}
DECIDR_WEBHOOKS_DISPATCHER_GIVE_UP_AFTER: {{ .dispatcher.giveUpAfter | quote }}
DECIDR_WEBHOOKS_DISPATCHER_MAX_BACKOFF: {{ .dispatcher.maxBackoff | quote }}
DECIDR_WEBHOOKS_DISPATCHER_RETENTION: {{ .dispatcher.retention | quote }}
{{- end }}
{{- $service := include "decidr.componentName" (dict "root" . "component" "api") }}
{{- $hosts := list $service (printf "%s.%s" $service .Release.Namespace) (printf "%s.%s.svc" $service .Release.Namespace) (printf "%s.%s.svc.cluster.local" $service .Release.Namespace) }}
{{- if .Values.ingress.enabled }}
{{- range .Values.ingress.hosts }}
{{- $hosts = append $hosts .host }}
{{- end }}
{{- end }}
DECIDR_WEBHOOKS_PLATFORM_HOSTS: {{ join "," (concat .Values.webhooks.platformHosts $hosts) | quote }}
{{- with .Values.springProfiles }}
SPRING_PROFILES_ACTIVE: {{ join "," . | quote }}
{{- end }}
{{- $json := deepCopy .Values.config }}
{{- if .Values.cassandra.replication }}
{{- $json = mergeOverwrite (dict "spring" (dict "cassandra" (dict "replication" .Values.cassandra.replication))) $json }}
{{- end }}
{{- if $json }}
SPRING_APPLICATION_JSON: {{ toJson $json | quote }}
{{- end }}
{{- end }}

{{/* A number as is, a percentage quoted. */}}
{{- define "decidr.intOrString" -}}
{{- if kindIs "string" . }}{{ . | quote }}{{ else }}{{ . }}{{ end }}
{{- end }}

{{- define "decidr.temporalMtlsDir" -}}
/etc/decidr/temporal-mtls
{{- end }}

{{/* The secrets, each from an existing Secret: nothing secret is ever rendered as a value. */}}
{{- define "decidr.secretEnv" -}}
- name: SPRING_R2DBC_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.postgresql.password.existingSecret | quote }}
      key: {{ .Values.postgresql.password.key | quote }}
{{- if .Values.cassandra.password.existingSecret }}
- name: SPRING_CASSANDRA_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.cassandra.password.existingSecret | quote }}
      key: {{ .Values.cassandra.password.key | quote }}
{{- end }}
{{- if eq .Values.auth.mode "hmac" }}
- name: DECIDR_SECURITY_HMAC_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .Values.auth.hmac.existingSecret | quote }}
      key: {{ .Values.auth.hmac.key | quote }}
{{- end }}
{{- if .Values.temporal.apiKey.existingSecret }}
- name: SPRING_TEMPORAL_CONNECTION_APIKEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.temporal.apiKey.existingSecret | quote }}
      key: {{ .Values.temporal.apiKey.key | quote }}
{{- end }}
{{- if .Values.personalData.masterKeys }}
{{- $secret := required "personalData.existingSecret: the Secret holding the master keys" .Values.personalData.existingSecret }}
{{- range .Values.personalData.masterKeys }}
- name: {{ printf "DECIDR_PERSONALDATA_MASTERKEYS_%s" (upper .) }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret | quote }}
      key: {{ . | quote }}
{{- end }}
{{- end }}
{{- if .Values.temporal.encryption.enabled }}
{{- $secret := required "temporal.encryption.existingSecret: the Secret holding the payload keys" .Values.temporal.encryption.existingSecret }}
{{- range .Values.temporal.encryption.keys }}
- name: {{ printf "DECIDR_TEMPORAL_ENCRYPTION_KEYS_%s" (upper .) }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret | quote }}
      key: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The environment of one container: dict "root" $ "api" bool "worker" bool "projector" bool "migrations" "skip|only"
"options" "<the role's JVM flags>" "env" <the role's extra env>
*/}}
{{- define "decidr.env" -}}
- name: DECIDR_ROLES_API_ENABLED
  value: {{ .api | toString | quote }}
- name: DECIDR_ROLES_WORKER_ENABLED
  value: {{ .worker | toString | quote }}
- name: DECIDR_ROLES_PROJECTOR_ENABLED
  value: {{ .projector | toString | quote }}
- name: DECIDR_MIGRATIONS_MODE
  value: {{ .migrations | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ include "decidr.javaToolOptions" (dict "root" .root "options" .options) | quote }}
{{ include "decidr.secretEnv" .root }}
{{- with .root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with .env }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "decidr.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "decidr.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "decidr.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.temporal.mtls.existingSecret }}
- name: temporal-mtls
  mountPath: {{ include "decidr.temporalMtlsDir" . }}
  readOnly: true
{{- end }}
{{- end }}

{{- define "decidr.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmp.sizeLimit }}
{{- if .Values.temporal.mtls.existingSecret }}
- name: temporal-mtls
  secret:
    secretName: {{ .Values.temporal.mtls.existingSecret | quote }}
    # 0440: read by the owner and the group (fsGroup 10001) only
    defaultMode: 288
    items:
      - key: {{ .Values.temporal.mtls.certChainKey | quote }}
        path: {{ .Values.temporal.mtls.certChainKey | quote }}
      - key: {{ .Values.temporal.mtls.keyKey | quote }}
        path: {{ .Values.temporal.mtls.keyKey | quote }}
{{- end }}
{{- end }}

{{/*
What the schema cannot say: the checks that span several values. Rendered (as nothing) wherever the settings are.
*/}}
{{- define "decidr.validate" -}}
{{- if and (eq .Values.auth.mode "issuer") (not (or .Values.auth.issuerUri .Values.auth.jwkSetUri)) }}
{{- fail "auth.mode=issuer needs auth.issuerUri (or auth.jwkSetUri)" }}
{{- end }}
{{- if and (eq .Values.auth.mode "hmac") (not .Values.auth.hmac.existingSecret) }}
{{- fail "auth.mode=hmac needs auth.hmac.existingSecret: the Secret holding the HS256 key" }}
{{- end }}
{{- if and .Values.cassandra.password.existingSecret (not .Values.cassandra.username) }}
{{- fail "cassandra.password.existingSecret is set but cassandra.username is empty" }}
{{- end }}
{{- if and (eq .Values.messaging.transport "kafka") (not .Values.messaging.kafka.bootstrapServers) }}
{{- fail "messaging.transport=kafka needs messaging.kafka.bootstrapServers" }}
{{- end }}
{{- if and .Values.messaging.cdc.enabled (ne .Values.messaging.transport "kafka") }}
{{- fail "messaging.cdc.enabled needs messaging.transport=kafka: the CDC service publishes to Kafka" }}
{{- end }}
{{- include "decidr.noSecretsIn" (dict "path" "config" "value" .Values.config) }}
{{- range $env := concat .Values.extraEnv .Values.api.env .Values.worker.env .Values.projector.env }}
{{- if and (hasKey $env "value") (regexMatch "(?i)(PASSWORD|SECRET|TOKEN|APIKEY|API_KEY|KEY)$" $env.name) }}
{{- fail (printf "env %s looks like a secret: give it with valueFrom.secretKeyRef, never as a value" $env.name) }}
{{- end }}
{{- end }}
{{- end }}

{{/* Fails on a key of the free-form config that names a secret (dict "path" "config" "value" <map>). */}}
{{- define "decidr.noSecretsIn" -}}
{{- $path := .path }}
{{- range $key, $value := .value }}
{{- if regexMatch "(?i)(password|secret|api-?key|private-?key|credentials?|token)$" $key }}
{{- fail (printf "%s.%s looks like a secret: secrets come from existing Secrets only (see helm/README.md), never from config" $path $key) }}
{{- end }}
{{- if kindIs "map" $value }}
{{- include "decidr.noSecretsIn" (dict "path" (printf "%s.%s" $path $key) "value" $value) }}
{{- end }}
{{- end }}
{{- end }}
