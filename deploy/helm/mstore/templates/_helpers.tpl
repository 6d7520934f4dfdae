{{/* Names, labels and the pieces every workload shares. */}}

{{- define "mstore.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one component: <fullname>-<component>. Call with (list $ "api-gateway"). */}}
{{- define "mstore.name" -}}
{{- printf "%s-%s" (include "mstore.fullname" (index . 0)) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "mstore.selectorLabels" -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
{{- end -}}

{{- define "mstore.labels" -}}
{{ include "mstore.selectorLabels" . }}
app.kubernetes.io/part-of: mstore
app.kubernetes.io/version: {{ (index . 0).Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ (index . 0).Release.Service }}
helm.sh/chart: {{ printf "%s-%s" (index . 0).Chart.Name (index . 0).Chart.Version }}
{{- end -}}

{{/* Image of a component: (list $ imageValues defaultName). */}}
{{- define "mstore.image" -}}
{{- $root := index . 0 -}}
{{- $img := index . 1 -}}
{{- $repo := $img.repository | default (printf "%s/%s" $root.Values.image.registry (index . 2)) -}}
{{- $tag := $img.tag | default $root.Values.image.tag | default $root.Chart.AppVersion -}}
{{- if $img.digest -}}
{{- printf "%s@%s" $repo $img.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}
{{- end -}}

{{/* A secret that must be named in the values: (list $ "mysql" .Values.mysql.existingSecret). */}}
{{- define "mstore.requiredSecret" -}}
{{- $name := index . 2 -}}
{{- if not $name -}}
{{- fail (printf "%s.existingSecret is not set: create the Secret yourself (see the chart README, \"Secrets\") and name it in your values; the chart never creates or defaults a credential" (index . 1)) -}}
{{- end -}}
{{- $name -}}
{{- end -}}

{{/* Which backing stores each app talks to: the code's topology, not a setting. */}}
{{- define "mstore.uses" -}}
{{- $uses := dict
  "api-gateway" (list "kafka" "keycloak" "eureka")
  "product-service" (list "mongo" "kafka" "keycloak" "eureka")
  "order-service" (list "mysql" "kafka" "keycloak" "eureka")
  "inventory-service" (list "mysql" "kafka" "keycloak" "eureka")
  "notification-service" (list "mongo" "kafka" "keycloak" "eureka")
  "storefront" (list "keycloak")
-}}
{{- index $uses . | toJson -}}
{{- end -}}

{{/* Pod security context shared by every pod of the chart. */}}
{{- define "mstore.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext }}
{{- end -}}

{{- define "mstore.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext }}
{{- end -}}

{{/* Spreads replicas over nodes: (list $ "component"). */}}
{{- define "mstore.affinity" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "mstore.selectorLabels" . | nindent 12 }}
{{- end -}}

{{- define "mstore.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end -}}

{{/* A NetworkPolicy peer: the pods of one component, (list $ "component"). */}}
{{- define "mstore.np.peerApp" -}}
- podSelector:
    matchLabels:
      {{- include "mstore.selectorLabels" . | nindent 6 }}
{{- end -}}

{{/* KAFKA_BROKERS: the host:port list, which must not be empty. */}}
{{- define "mstore.kafkaBrokers" -}}
{{- if not .Values.kafka.brokers -}}
{{- fail "kafka.brokers is required: the host:port list of the Kafka bootstrap servers" -}}
{{- end -}}
{{- join "," .Values.kafka.brokers -}}
{{- end -}}

{{/* The apps that serve /metrics and read the OTEL_* variables: every one but the storefront. */}}
{{- define "mstore.instrumented" -}}
{{- ne . "storefront" -}}
{{- end -}}

{{/* The OTLP endpoint while tracing is on: required, and its port allowed by the egress rule. */}}
{{- define "mstore.otlpEndpoint" -}}
{{- $t := .Values.tracing -}}
{{- $endpoint := required "tracing.otlpEndpoint is required while tracing.enabled: the collector's OTLP/HTTP URL, e.g. http://jaeger:4318" $t.otlpEndpoint -}}
{{- $url := urlParse $endpoint -}}
{{- if not (has $url.scheme (list "http" "https")) -}}
{{- fail (printf "tracing.otlpEndpoint %q must be an http:// or https:// URL (OTLP over HTTP)" $endpoint) -}}
{{- end -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- $port := ternary (last $hostPort) (ternary "443" "80" (eq $url.scheme "https")) (gt (len $hostPort) 1) -}}
{{- $allowed := list -}}
{{- range ($t.networkPolicy.ports | default list) }}{{ $allowed = append $allowed (int . | toString) }}{{ end -}}
{{- if and .Values.networkPolicy.enabled (not (has $port $allowed)) -}}
{{- fail (printf "tracing.otlpEndpoint's port %s is not in tracing.networkPolicy.ports [%s]: the NetworkPolicies would block the spans" $port (join ", " $allowed)) -}}
{{- end -}}
{{- $endpoint -}}
{{- end -}}

{{/* The OpenTelemetry variables of one app: (list $ "api-gateway" imageTag). */}}
{{- define "mstore.tracingEnv" -}}
{{- $root := index . 0 -}}
{{- $app := index . 1 -}}
{{- $t := $root.Values.tracing -}}
{{- if $t.enabled }}
- name: OTEL_SERVICE_NAME
  value: {{ $app | quote }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ include "mstore.otlpEndpoint" $root | quote }}
- name: OTEL_TRACES_SAMPLER
  value: {{ $t.sampler | quote }}
{{- if ne (toString $t.samplerArg) "" }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ $t.samplerArg | toString | quote }}
{{- end }}
{{- $attrs := list (printf "service.namespace=%s" $root.Release.Name) (printf "service.version=%s" (index . 2)) (printf "k8s.namespace.name=%s" $root.Release.Namespace) (printf "k8s.deployment.name=%s" (include "mstore.name" (list $root $app))) }}
{{- range $k, $v := $t.resourceAttributes }}
{{- $attrs = append $attrs (printf "%s=%s" $k (toString $v)) }}
{{- end }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ join "," $attrs | quote }}
{{- else }}
- name: OTEL_SDK_DISABLED
  value: "true"
{{- end }}
{{- end -}}
