/** The part of proxy-addr (Express's own trust-proxy compiler) this service calls. */
declare module 'proxy-addr' {
  function proxyAddr(request: unknown, trust: (address: string, index: number) => boolean): string;
  namespace proxyAddr {
    function compile(addresses: string | string[]): (address: string, index: number) => boolean;
  }
  export = proxyAddr;
}
