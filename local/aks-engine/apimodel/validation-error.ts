// The error every validation rule throws: its message is aks-engine's, word for word.
export class ApiModelValidationError extends Error {}

export const fail = (message: string): never => {
  throw new ApiModelValidationError(message);
};
