// login.html: the server sends browsers here when a page needs a token; back to the view they asked for.
import { renderLogin } from './login.js';

renderLogin(document.getElementById('view'), () => location.replace('/' + location.hash));
