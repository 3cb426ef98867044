// The value of the durableClient input binding (BindingHelper.DurableOrchestrationClientToString): the JSON
// that df.getClient() turns into a DurableClient talking to this host's management API.
export const webhookPath = '/runtime/webhooks/durabletask';
export const rpcPath = '/durabletask/';

export function durableClientBindingJson(baseOrigin: string, hubName: string, connectionName = 'Storage'): string {
  const base = `${baseOrigin}${webhookPath}`;
  const query = `taskHub=${hubName}&connection=${connectionName}`;
  return JSON.stringify({
    taskHubName: hubName,
    connectionName,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${query}`,
      createAndWaitOnNewInstancePostUri:
        `${base}/orchestrators/{functionName}[/{instanceId}]` + `?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${query}`,
    },
    managementUrls: managementUrls(base, 'INSTANCEID', query),
    baseUrl: base,
    requiredQueryStringParameters: '',
    rpcBaseUrl: `${baseOrigin}${rpcPath}`,
    httpBaseUrl: null,
  });
}

/** The links of a check-status response (CreateCheckStatusResponse). */
export function managementUrls(base: string, instanceId: string, query: string): Record<string, string> {
  const instance = `${base}/instances/${encodeURIComponent(instanceId).replace(/%3A/gi, ':')}`;
  return {
    id: instanceId,
    statusQueryGetUri: `${instance}?${query}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
    rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${instance}?${query}`,
    restartPostUri: `${instance}/restart?${query}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
    resumePostUri: `${instance}/resume?reason={text}&${query}`,
  };
}
