// blessed and blessed-contrib ship no types; the dashboard uses a handful of their widgets.
declare module 'blessed' {
  const blessed: any;
  export default blessed;
}
declare module 'blessed-contrib' {
  const contrib: any;
  export default contrib;
}
