/** The name the host itself signs its vetoes and log lines with, beside the plugins' names. */
export const HOST = 'robo:host';
