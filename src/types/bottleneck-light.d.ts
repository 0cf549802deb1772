// bottleneck/light.js is the same Bottleneck without Redis clustering; it ships no typings of its own.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck'
  export default Bottleneck
}
